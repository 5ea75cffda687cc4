"""The WSGI application that ``make run`` serves: Django plus its collected static files.

WhiteNoise wraps the application here rather than in the middleware list, so settings stay the same
for tests and development while the served site gets compressed, cacheable static files without a
separate web server. ``collectstatic`` fills ``STATIC_ROOT`` first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise

application = WhiteNoise(
    get_wsgi_application(), root=str(settings.STATIC_ROOT), prefix=settings.STATIC_URL
)
