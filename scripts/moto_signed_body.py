"""moto's server with one fix, for the IAM-enforcement test (tests/cli/permissions.rs) only: a request's
SigV4 signature is checked against the request exactly as it was sent.

moto 5.2.1 checks a signature by rebuilding the request from what its handlers parsed, and rebuilds it
wrongly often enough to reject correctly signed requests with `SignatureDoesNotMatch`:

- a GET has no body, but for REST services such as Lambda moto hashes a payload made up from the
  request's headers (`Host=...&User-Agent=...`);
- it uses the decoded path (`/2017-03-31/tags/arn:aws:lambda:...`) where the client signed the path as
  sent (`arn%3Aaws%3Alambda...`);
- a form POST's body is re-encoded from the parsed fields, which differs from the sent bytes whenever a
  value needs escaping in a way the two encoders spell differently (a space is `%20` in the AWS SDKs
  and `+` in Python's `urlencode`): Auto Scaling's CreateOrUpdateTags with costbrake's marker is one.

AWS checks the bytes that were sent. This server keeps each request's raw path and body as they came
off the socket (a WSGI wrapper reads the body once and hands the same bytes on) and moto checks the
signature against them. Nothing else changes: the signature and every policy are still checked, and
S3, which moto checks with another class, is left alone. It also serves the fixes of
scripts/moto_fixes.py, as the other tests' moto does. Run as `python3 moto_signed_body.py -H HOST -p
PORT`, the arguments of `moto_server`.
"""

import io
import sys
import threading

from botocore.awsrequest import AWSRequest
from moto import server
from moto.iam import access_control

import moto_fixes  # noqa: F401  (applies them on import)

# The request being handled on this thread (werkzeug serves each request on its own thread).
_sent = threading.local()


def _keep_sent_request(app):
    def wsgi(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        _sent.body = body
        _sent.uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        return app(environ, start_response)

    return wsgi


def _create_aws_request(self):
    signed_headers = self._get_string_between(
        "SignedHeaders=", ",", self._headers["Authorization"]
    ).split(";")
    headers = self._create_headers_for_aws_request(signed_headers, self._headers)
    uri = getattr(_sent, "uri", None) or self._path
    request = AWSRequest(
        method=self._method, url=uri, data=getattr(_sent, "body", b""), headers=headers
    )
    request.context["timestamp"] = headers["X-Amz-Date"]
    return request


access_control.IAMRequest._create_aws_request = _create_aws_request
_run_simple = server.run_simple
server.run_simple = lambda host, port, app, **kw: _run_simple(host, port, _keep_sent_request(app), **kw)

if __name__ == "__main__":
    sys.exit(server.main())
