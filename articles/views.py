"""Editorial web pages for articles (thin: reads via selectors, writes via services)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Article
from .selectors import processing_counts


@login_required
def dashboard(request):
    return render(
        request,
        "articles/dashboard.html",
        {
            "counts": processing_counts(),
            "recent": Article.objects.select_related("outlet").order_by("-created_at")[:20],
            "failures": Article.objects.failed().order_by("-updated_at")[:20],
        },
    )


@login_required
def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("outlet", "upload"), pk=pk)
    return render(request, "articles/detail.html", {"article": article})


@login_required
def article_original(request, pk: int):
    """The upload exactly as received, as a download (never rendered inline: it may be HTML)."""
    article = get_object_or_404(Article.objects.select_related("upload"), pk=pk)
    upload = article.upload
    response = HttpResponse(bytes(upload.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(upload.file_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
