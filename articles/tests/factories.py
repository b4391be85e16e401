"""factory_boy factories for articles."""

import factory
from django.contrib.auth import get_user_model

from articles.roles import EDITOR, VIEWER, roles_ensure


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        editor, viewer = roles_ensure()
        self.groups.add({EDITOR: editor, VIEWER: viewer}[extracted])


def editor(**kwargs):
    return UserFactory(role=EDITOR, is_staff=True, **kwargs)


def viewer(**kwargs):
    return UserFactory(role=VIEWER, **kwargs)
