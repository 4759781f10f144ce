from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "课程与微课"

    def ready(self):
        from search.facets import register

        from .search_facets import age_choices, kind_choices, topic_choices

        # The search page's filters for courses and lessons (and any page type declaring them).
        register("age", "年龄段", age_choices, order=10)
        register("topic", "主题", topic_choices, order=20)
        register("kind", "课程类型", kind_choices, order=30)
