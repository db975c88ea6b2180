"""Reads: the applicant's applications, the operators' queue order, the onboarding funnel."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from mall.onboarding.models import Application, ApplicationBrand

Status = Application.Status
SECONDS_PER_HOUR = Decimal(3600)


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user)


def current_application(user) -> Application | None:
    """The applicant's newest application, whatever its state."""
    return applications_of(user).order_by("-created_at", "-pk").first()


def editable_application(user) -> Application | None:
    return applications_of(user).filter(status__in=[Status.DRAFT, Status.NEEDS_INFO]).first()


def application_for(user, pk: int) -> Application:
    """One of the user's applications with its timeline; 404 for anyone else's."""
    application = (
        applications_of(user)
        .prefetch_related("brands", "categories", "events")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def brand_of(user, pk: int) -> ApplicationBrand:
    brand = ApplicationBrand.objects.filter(pk=pk, application__applicant=user).first()
    if brand is None:
        raise Http404
    return brand


def review_queue(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Rank for the operators' queue: waiting for them first, then waiting for the applicant,
    then the decided ones, drafts last (QUEUE_ORDER sorts each rank oldest submission first)."""
    rank = Case(
        When(status__in=[Status.SUBMITTED, Status.RESUBMITTED], then=Value(0)),
        When(status=Status.NEEDS_INFO, then=Value(1)),
        When(status=Status.DRAFT, then=Value(3)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(queue_rank=rank)


QUEUE_ORDER = ("queue_rank", "submitted_at", "created_at")


@dataclass(frozen=True)
class FunnelMetrics:
    applications: int  # started in the period
    submitted: int  # first submitted in the period
    approved: int  # decided in the period
    rejected: int
    approval_rate: Decimal | None  # 入驻率: approved / decided, 0–1, four places
    median_hours_to_decision: Decimal | None  # from first submission, one place

    @property
    def approval_percent(self) -> str:
        if self.approval_rate is None:
            return "—"
        return f"{(self.approval_rate * 100).quantize(Decimal('0.1'))}%"


def funnel_metrics(since: datetime, until: datetime) -> FunnelMetrics:
    """The onboarding funnel over [since, until): each count by the date of its own step."""
    decided = list(
        Application.objects.filter(
            decided_at__gte=since,
            decided_at__lt=until,
            status__in=[Status.APPROVED, Status.REJECTED],
        ).values_list("status", "submitted_at", "decided_at")
    )
    approved = sum(1 for status, *_ in decided if status == Status.APPROVED)
    rejected = len(decided) - approved
    hours = [
        Decimal((decided_at - submitted_at).total_seconds()) / SECONDS_PER_HOUR
        for _, submitted_at, decided_at in decided
        if submitted_at is not None
    ]
    return FunnelMetrics(
        applications=Application.objects.filter(
            created_at__gte=since, created_at__lt=until
        ).count(),
        submitted=Application.objects.filter(
            submitted_at__gte=since, submitted_at__lt=until
        ).count(),
        approved=approved,
        rejected=rejected,
        approval_rate=(
            (Decimal(approved) / len(decided)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            if decided
            else None
        ),
        median_hours_to_decision=(
            Decimal(median(hours)).quantize(Decimal("0.1"), ROUND_HALF_UP) if hours else None
        ),
    )
