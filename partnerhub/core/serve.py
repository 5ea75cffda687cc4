"""The WSGI application that ``make run`` serves: Django plus its collected static files.

WhiteNoise wraps the application here rather than in the middleware list, so settings stay the same
for tests and development while the served site gets compressed, cacheable static files without a
separate web server. ``collectstatic`` fills ``STATIC_ROOT`` first.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise


def build_application(static_root: Path | str, django_app: WSGIHandler | None = None) -> WhiteNoise:
    """Django's WSGI application with the files under ``static_root`` served at ``STATIC_URL``."""
    return WhiteNoise(
        django_app or get_wsgi_application(),
        root=str(static_root),
        prefix=settings.STATIC_URL,
        max_age=60 * 60,
    )


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
application = build_application(settings.STATIC_ROOT, get_wsgi_application())
