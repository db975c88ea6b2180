from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BannerQuerySet(models.QuerySet):
    def live(self, at=None):
        """Active banners whose display window contains `at` (now by default)."""
        at = at or timezone.now()
        return self.filter(
            Q(starts_at__isnull=True) | Q(starts_at__lte=at),
            Q(ends_at__isnull=True) | Q(ends_at__gt=at),
            is_active=True,
        )


class Banner(models.Model):
    """A home-page carousel slide the operator schedules."""

    title = models.CharField(_("标题"), max_length=64)
    subtitle = models.CharField(_("副标题"), max_length=120, blank=True)
    image = models.ImageField(_("图片"), upload_to="banners/", max_length=255)
    link_url = models.CharField(_("链接"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        verbose_name = _("首页横幅")
        verbose_name_plural = _("首页横幅")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="banner_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        """The link if it is a site path or an http(s) URL; others (javascript:) are dropped."""
        url = self.link_url.strip()
        is_path = url.startswith("/") and not url.startswith("//")
        return url if is_path or url.startswith(("https://", "http://")) else ""
