"""Forms of the editorial pages: archive search, upload, article metadata."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article, Outlet
from .selectors import SEARCH_SORTS

LANGUAGE_CHOICES = [("", _("any language")), ("ko", _("Korean")), ("en", _("English"))]


def _event_type_choices():
    from entities.models import Event

    return [("", _("any type"))] + [(value, label) for value, label in EVENT_TYPE_LABELS.items() if value in Event.Type.values]


EVENT_TYPE_LABELS = {
    "appointment": _("appointment"),
    "agreement": _("agreement / partnership"),
    "meeting": _("conference or meeting held"),
    "investment": _("investment / deal"),
    "launch": _("launch"),
    "outage": _("outage / incident"),
    "financial_result": _("financial result"),
    "other": _("other"),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    outlet = forms.ModelChoiceField(label=_("Outlet"), queryset=Outlet.objects.all(), required=False,
                                    empty_label=_("any outlet"))
    reporter = forms.CharField(label=_("Reporter"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    entity = forms.IntegerField(label=_("Entity ID"), required=False, min_value=1)
    event_type = forms.ChoiceField(label=_("Event type"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False,
        choices=[("relevance", _("relevance")), ("newest", _("newest")), ("oldest", _("oldest"))],
    )
    cursor = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = _event_type_choices()
        self.fields["q"].widget.attrs.update({"type": "search", "autofocus": True, "aria-describedby": "q-help"})

    def clean_sort(self):
        sort = self.cleaned_data.get("sort") or "relevance"
        return sort if sort in SEARCH_SORTS else "relevance"

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "language": data.get("language") or None,
            "outlet": data.get("outlet"),
            "reporter": data.get("reporter") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "entity": data.get("entity"),
            "event_type": data.get("event_type") or None,
            "sort": data.get("sort") or "relevance",
            "cursor": data.get("cursor") or None,
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)  # the ingest service refuses it, with its own message
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"), required=False,
        help_text=_("Plain text, HTML or Markdown; you may choose several files."),
    )
    text = forms.CharField(
        label=_("Or paste the article text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", _("detect automatically")), ("ko", _("Korean")), ("en", _("English"))],
    )

    def clean(self):
        data = super().clean()
        if not data.get("files") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose at least one file or paste some text."))
        return data


class ArticleMetadataForm(forms.Form):
    """What an editor may set that processing keeps: the publication date and the language."""

    published_date = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty when unknown."),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", _("detect automatically")), ("ko", _("Korean")), ("en", _("English"))],
    )

    @classmethod
    def for_article(cls, article: Article, data=None):
        initial = {"published_date": article.published_date, "language": article.language if article.language_fixed else ""}
        return cls(data, initial=initial)
