"""API representations of comments, screening outcomes and moderation decisions."""

from __future__ import annotations

from rest_framework import serializers

from .models import Comment, ModerationDecision


class ReasonSerializer(serializers.Serializer):
    category = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    evidence = serializers.CharField(required=False, allow_blank=True)


class CommentSerializer(serializers.ModelSerializer):
    """What every reader sees."""

    class Meta:
        model = Comment
        fields = ["id", "article", "author_name", "body", "language", "status", "created_at"]


class DecisionSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", allow_null=True, default=None,
                                 help_text="null: the automatic screening decided.")

    class Meta:
        model = ModerationDecision
        fields = ["id", "user", "from_status", "to_status", "reason", "at"]


class ModeratedCommentSerializer(CommentSerializer):
    """What editors see: the screening's reasons and every decision."""

    reasons = serializers.ListField(child=serializers.DictField(), help_text="category, reason, evidence")
    decisions = DecisionSerializer(many=True)
    article_headline = serializers.CharField(source="article.headline")

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "article_headline", "reasons", "decisions"]


class CommentSubmitSerializer(serializers.Serializer):
    author_name = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                        help_text="Shown with the comment; default: your user name.")
    body = serializers.CharField(trim_whitespace=False, max_length=100_000)
    language = serializers.ChoiceField(choices=[("ko", "Korean"), ("en", "English")], required=False,
                                       allow_blank=True, help_text="Language for the screening's message.")


class CommentSubmittedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Comment.Status.choices)
    message = serializers.CharField(allow_blank=True)
    reasons = serializers.ListField(child=serializers.DictField())
    length = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True)
    comment = CommentSerializer()


class ModerateSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Comment.Status.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class BulkModerateSerializer(ModerateSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), min_length=1, max_length=500)


class ModerationResultSerializer(serializers.Serializer):
    comment = ModeratedCommentSerializer()
    decision = DecisionSerializer()


class BulkModerationResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.IntegerField())
