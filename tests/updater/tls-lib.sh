# Certificates for the TLS tests, made at test time with the openssl
# command, after tests/lib.sh.  make_pki writes into $T/pki:
#
#   root.pem, intermediate.pem        the test's trusted root and its CA
#   leaf.pem/.key                     127.0.0.1 and localhost, by the CA
#   wrong-host.pem/.key               other.example, by the CA
#   expired.pem/.key                  127.0.0.1, by the CA, expired in 2020
#   stranger-root.pem, stranger-intermediate.pem, stranger.pem/.key
#                                     127.0.0.1, under a root nobody trusts
#
# Each leaf file holds the leaf alone: what the server sends, like the
# BDPM site, without its intermediate.

PKI=$T/pki

# pki_key NAME
pki_key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$PKI/$1.key" 2>>"$PKI/openssl.log" ||
	    fail "openssl genpkey $1 (see $PKI/openssl.log)"
}

# pki_csr NAME SUBJECT
pki_csr() {
	pki_key "$1"
	openssl req -new -key "$PKI/$1.key" -subj "$2" -config "$PKI/openssl.cnf" \
	    -out "$PKI/$1.csr" 2>>"$PKI/openssl.log" || fail "openssl req $1"
}

# pki_sign NAME ISSUER EXTENSIONS: NAME.csr signed by ISSUER, valid now.
pki_sign() {
	openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/$2.pem" \
	    -CAkey "$PKI/$2.key" -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
	    -days 30 -sha256 -extfile "$PKI/openssl.cnf" -extensions "$3" \
	    -out "$PKI/$1.pem" 2>>"$PKI/openssl.log" || fail "openssl x509 -req $1"
}

# pki_root NAME SUBJECT
pki_root() {
	pki_key "$1"
	openssl req -new -x509 -key "$PKI/$1.key" -subj "$2" -days 30 -sha256 \
	    -config "$PKI/openssl.cnf" -extensions v3_ca -out "$PKI/$1.pem" \
	    2>>"$PKI/openssl.log" || fail "openssl req -x509 $1"
}

make_pki() {
	require_cmd openssl
	mkdir -p "$PKI/ca/new"
	cat >"$PKI/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_intermediate]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
[v3_wrong_host]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.example
# openssl ca, for a leaf whose dates are in the past.
[ca]
default_ca = test_ca
[test_ca]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
default_md = sha256
policy = policy_any
[policy_any]
commonName = supplied
EOF
	pki_root root "/CN=medicaments test root"
	pki_csr intermediate "/CN=medicaments test intermediate"
	pki_sign intermediate root v3_intermediate
	pki_csr leaf "/CN=127.0.0.1"
	pki_sign leaf intermediate v3_leaf
	pki_csr wrong-host "/CN=other.example"
	pki_sign wrong-host intermediate v3_wrong_host

	# Expired: signed by the intermediate, valid in January 2020 only.
	pki_csr expired "/CN=127.0.0.1"
	: >"$PKI/ca/index.txt"
	echo 1000 >"$PKI/ca/serial"
	(cd "$PKI/ca" && openssl ca -batch -config "$PKI/openssl.cnf" \
	    -cert "$PKI/intermediate.pem" -keyfile "$PKI/intermediate.key" \
	    -in "$PKI/expired.csr" -out "$PKI/expired.pem" -notext \
	    -startdate 20200101000000Z -enddate 20200201000000Z \
	    -extfile "$PKI/openssl.cnf" -extensions v3_leaf \
	    2>>"$PKI/openssl.log") || fail "openssl ca (expired leaf)"

	pki_root stranger-root "/CN=a root nobody trusts"
	pki_csr stranger-intermediate "/CN=its intermediate"
	pki_sign stranger-intermediate stranger-root v3_intermediate
	pki_csr stranger "/CN=127.0.0.1"
	pki_sign stranger stranger-intermediate v3_leaf
}

# tls_test_setup: the updater, the certificates, DB in its own directory.
tls_test_setup() {
	require_updater
	make_pki
	DB=$T/db/medicaments.db
	mkdir -p "$T/db"
}

# start_tls_server LEAF: the BDPM server over HTTPS on the fixtures, sending
# LEAF alone; sets TLS_URL to https://127.0.0.1:PORT/ok, the files' base.
start_tls_server() {
	start_server "$FIXTURES" --tls-cert "$PKI/$1.pem" --tls-key "$PKI/$1.key"
	TLS_URL=https://127.0.0.1:$PORT/ok
}
