"""factory_boy factories for comments: articles stored directly (no pipeline), comment policies."""

import hashlib

import factory

from articles.models import Article, CommentPolicy, Outlet, Upload


class UploadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Upload

    file_name = factory.Sequence(lambda n: f"article-{n}.txt")
    content = factory.LazyAttribute(lambda o: f"{o.file_name} body".encode())
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    encoding = "utf-8"
    fmt = "text"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A processed article with no comment policy of its own (the project default applies)."""

    class Meta:
        model = Article

    upload = factory.SubFactory(UploadFactory)
    source_text = factory.Sequence(lambda n: f"Article number {n}.")
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.source_text.encode()).hexdigest())
    headline = factory.Sequence(lambda n: f"Headline {n}")
    language = "ko"
    status = Article.Status.PROCESSED


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")


class CommentPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentPolicy

    max_length = 250
    spaces_count = True
    categories = factory.LazyFunction(lambda: list(CommentPolicy.Category.values))
    actions = factory.LazyFunction(dict)
