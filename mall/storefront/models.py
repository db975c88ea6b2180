import math

from django.db import models
from django.db.models import Min, Q
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

    def seconds_until_change(self, at=None, longest: int = 300) -> int:
        """How long the live set stays as it is: until the next start or end, at most `longest`."""
        at = at or timezone.now()
        upcoming = self.filter(is_active=True).aggregate(
            start=Min("starts_at", filter=Q(starts_at__gt=at)),
            end=Min("ends_at", filter=Q(ends_at__gt=at)),
        )
        changes = [moment for moment in upcoming.values() if moment is not None]
        if not changes:
            return longest
        return max(1, min(longest, math.ceil((min(changes) - at).total_seconds())))


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
