# shellcheck shell=bash
# Helpers shared by the benchmarks (bash), sourced after `top` is set:
#
#     . "$top/bench/lib.sh"

# free_port: a TCP port of 127.0.0.1 that nothing listens on.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
