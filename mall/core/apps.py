from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mall.core"
    verbose_name = "基础"
