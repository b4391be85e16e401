"""Forms of the entity and event pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.forms import EVENT_TYPE_LABELS


class AliasForm(forms.Form):
    surface = forms.CharField(label=_("Alias"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=[("ko", _("Korean")), ("en", _("English")), ("", _("other"))],
                                 required=False)


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into entity ID"), min_value=1)


class EventFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Event type"), required=False,
                             choices=[("", _("any type")), *EVENT_TYPE_LABELS.items()])
    entity = forms.IntegerField(label=_("Entity ID"), required=False, min_value=1)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
