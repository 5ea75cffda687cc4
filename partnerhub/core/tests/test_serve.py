"""The served application: static files from the collected directory, everything else from Django."""

from __future__ import annotations

import warnings
from io import BytesIO
from wsgiref.util import setup_testing_defaults

import pytest


def call(app, path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": BytesIO()}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    body = b"".join(app(environ, start_response))
    return started["status"], started["headers"], body


@pytest.fixture
def app(tmp_path):
    # Importing the module builds the default application too, whose directory may not exist yet.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from partnerhub.core.serve import build_application

    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "site.css").write_text("body { color: #123; }", encoding="utf-8")
    return build_application(tmp_path)


def test_it_serves_collected_static_files(app):
    status, headers, body = call(app, "/static/portal/site.css")
    assert status.startswith("200")
    assert body == b"body { color: #123; }"
    assert "max-age=3600" in headers["Cache-Control"]


@pytest.mark.django_db
def test_it_hands_every_other_path_to_django(app):
    status, _, _ = call(app, "/no-such-page/")
    assert status.startswith("404")
    status, _, _ = call(app, "/static/portal/missing.css")
    assert status.startswith("404")
