from django.conf import settings


def site(request):
    """Values every page's chrome needs (footer ICP number, canonical base URL)."""
    return {"ICP_NUMBER": settings.ICP_NUMBER, "SITE_URL": settings.SITE_URL}
