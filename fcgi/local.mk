# medicaments-fcgi: the API's FastCGI (and CGI) worker.
