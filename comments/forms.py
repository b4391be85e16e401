"""Forms of the comment pages: the comment box, the moderation queue's bulk action, the policy editor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import CommentPolicy

from .models import Comment

CATEGORY_LABELS = {
    "profanity": _("profanity"),
    "slander": _("slander"),
    "false_information": _("false information"),
    "defamation": _("defamation"),
    "flooding": _("flooding"),
}
ACTION_LABELS = {
    "refuse": _("refuse"),
    "hold": _("hold for review"),
    "hide": _("hide from display"),
}
STATUS_LABELS = {
    "published": _("published"),
    "held": _("held for review"),
    "hidden": _("hidden"),
    "refused": _("refused"),
}
BULK_ACTIONS = {"approve": Comment.Status.PUBLISHED, "reject": Comment.Status.HIDDEN}


class CommentForm(forms.Form):
    # No max_length here: the policy's limit is counted in reader-perceived characters by the
    # screening, which answers with the count and the limit instead of a bare form error.
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


class BulkModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve (publish)")), ("reject", _("Reject (hide)"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    comments = forms.ModelMultipleChoiceField(queryset=Comment.objects.all(), widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Select at least one comment.")})
    status = forms.CharField(required=False, widget=forms.HiddenInput)  # the queue filter to return to

    @property
    def to_status(self) -> str:
        return BULK_ACTIONS[self.cleaned_data["action"]]


class CommentPolicyForm(forms.Form):
    max_length = forms.IntegerField(label=_("Maximum length (characters)"), required=False, min_value=1,
                                    help_text=_("Leave empty for no limit."))
    spaces_count = forms.BooleanField(label=_("Spaces count towards the length"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("Restricted categories"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(c, CATEGORY_LABELS[c]) for c in CommentPolicy.Category.values],
    )
    source_text = forms.CharField(label=_("Policy as shown to readers"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in CommentPolicy.Category.values:
            self.fields[f"action_{category}"] = forms.ChoiceField(
                label=CATEGORY_LABELS[category],
                choices=[(a, ACTION_LABELS[a]) for a in CommentPolicy.Action.values],
            )

    @classmethod
    def initial_from(cls, *, max_length, spaces_count, categories, actions, source_text="") -> dict:
        initial = {"max_length": max_length, "spaces_count": spaces_count, "categories": list(categories),
                   "source_text": source_text}
        for category in CommentPolicy.Category.values:
            initial[f"action_{category}"] = actions.get(category, "hold")
        return initial

    def action_fields(self):
        return [self[f"action_{c}"] for c in CommentPolicy.Category.values]

    def policy_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "max_length": data["max_length"],
            "spaces_count": data["spaces_count"],
            "categories": data["categories"],
            "actions": {c: data[f"action_{c}"] for c in CommentPolicy.Category.values},
            "source_text": data["source_text"],
        }
