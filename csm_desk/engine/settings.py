"""Book settings: every tunable number of DOMAIN.md, declared once with its default.

A book stores its settings as JSON; ``BookSettings.from_json`` reads it over the defaults (so a
book written before a setting existed gets the default) and ``to_json`` writes it back.
``THRESHOLDS`` describes the scalar settings (name, label, default, bounds) so a settings screen
can be built from the declarations alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from csm_desk.engine.meetings import DEFAULT_MEETING_TEMPLATES, MeetingTemplate
from csm_desk.engine.vocab import Artifact, Band, Component, MeetingType, Segment

Weights = Mapping[Component, float]

DEFAULT_WEIGHTS: Mapping[Segment, Weights] = MappingProxyType(
    {
        Segment.HIGH_TOUCH: MappingProxyType(
            {
                Component.USAGE: 30.0,
                Component.ENGAGEMENT: 25.0,
                Component.SENTIMENT: 20.0,
                Component.SUPPORT: 15.0,
                Component.GROWTH: 10.0,
            }
        ),
        Segment.LOW_TOUCH: MappingProxyType(
            {
                Component.USAGE: 35.0,
                Component.ENGAGEMENT: 15.0,
                Component.SENTIMENT: 15.0,
                Component.SUPPORT: 20.0,
                Component.GROWTH: 15.0,
            }
        ),
        Segment.TECH_TOUCH: MappingProxyType(
            {
                Component.USAGE: 50.0,
                Component.ENGAGEMENT: 5.0,
                Component.SENTIMENT: 10.0,
                Component.SUPPORT: 25.0,
                Component.GROWTH: 10.0,
            }
        ),
    }
)

DEFAULT_BAND_PROBABILITY: Mapping[Band, float] = MappingProxyType(
    {
        Band.HEALTHY: 0.95,
        Band.STABLE: 0.85,
        Band.AT_RISK: 0.60,
        Band.CRITICAL: 0.30,
        Band.EMERGENCY: 0.10,
        Band.UNSCORED: 0.60,
    }
)

DEFAULT_MANDATORY: Mapping[Segment, frozenset[Artifact]] = MappingProxyType(
    {
        Segment.HIGH_TOUCH: frozenset(Artifact),
        Segment.LOW_TOUCH: frozenset(
            {
                Artifact.ONBOARDING_PLAN,
                Artifact.SUCCESS_PLAN,
                Artifact.RECAP,
                Artifact.RISK_REGISTER,
                Artifact.RENEWAL_PLAN,
            }
        ),
        Segment.TECH_TOUCH: frozenset({Artifact.RENEWAL_PLAN}),
    }
)


@dataclass(frozen=True)
class Threshold:
    """One scalar setting: its key, the words for it, default and allowed range."""

    key: str
    label: str
    default: float
    minimum: float
    maximum: float
    integer: bool = True
    help: str = ""


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "low_touch_min_arr",
        "Low touch from ARR",
        15_000,
        0,
        1e12,
        False,
        "Accounts below this ARR are tech touch.",
    ),
    Threshold(
        "high_touch_min_arr",
        "High touch from ARR",
        100_000,
        0,
        1e12,
        False,
        "Accounts at or above this ARR are high touch.",
    ),
    Threshold(
        "health_drop_points",
        "Health drop alert (points)",
        10,
        1,
        100,
        False,
        "A fall of at least this many points raises an alert.",
    ),
    Threshold("health_drop_days", "Health drop window (days)", 30, 1, 365),
    Threshold("champion_silent_days_high", "Champion silent, high touch (days)", 30, 1, 365),
    Threshold("champion_silent_days_low", "Champion silent, low touch (days)", 60, 1, 365),
    Threshold(
        "champion_left_days",
        "Champion left: alert for (days after leaving)",
        180,
        1,
        3650,
        help="A champion's departure is an alert (and a coverage gap) for this many days; "
        "after that, an account with no champion has no champion.",
    ),
    Threshold(
        "single_threaded_min",
        "Engaged people needed (high touch)",
        3,
        1,
        20,
        help="High-touch accounts with fewer engaged stakeholders are single-threaded.",
    ),
    Threshold("low_adoption_days", "Low adoption: days after contract start", 90, 0, 730),
    Threshold(
        "low_adoption_utilization",
        "Low adoption: utilisation below (%)",
        40,
        0,
        100,
        False,
    ),
    Threshold(
        "renewal_plan_days_high", "Renewal plan needed, high touch (days before)", 120, 0, 730
    ),
    Threshold(
        "renewal_plan_days_low", "Renewal plan needed, low/tech touch (days before)", 90, 0, 730
    ),
    Threshold(
        "renewal_no_plan_red_days",
        "No renewal plan is red within (days before)",
        60,
        0,
        730,
        help="A renewal this close without a plan is a red alert; earlier in the window, amber.",
    ),
    Threshold("qbr_cadence_days_high", "Review cadence, high touch (days)", 92, 1, 730),
    Threshold("qbr_cadence_days_low", "Review cadence, low touch (days)", 183, 1, 730),
    Threshold("engaged_window_days", "Engaged stakeholder: contact within (days)", 90, 1, 730),
    Threshold("exec_sponsor_window_days", "Executive sponsor contact within (days)", 180, 1, 730),
    Threshold("recap_window_days", "Recaps checked for meetings within (days)", 90, 1, 730),
    Threshold("not_contacted_days", "Not contacted mark after (days)", 90, 1, 730),
    Threshold("due_soon_days", "Show items coming due within (days)", 7, 0, 90),
    Threshold("fresh_onboarding_days", "Onboarding plan fresh for (days)", 30, 1, 730),
    Threshold("fresh_success_plan_days", "Success plan fresh for (days)", 90, 1, 730),
    Threshold("fresh_stakeholder_map_days", "Stakeholder map fresh for (days)", 90, 1, 730),
    Threshold("onboarding_min_milestones", "Onboarding plan complete from (milestones)", 3, 1, 50),
    Threshold(
        "stakeholder_map_min_high", "Stakeholder map complete from (people, high touch)", 3, 1, 50
    ),
    Threshold(
        "stakeholder_map_min_low", "Stakeholder map complete from (people, low touch)", 2, 1, 50
    ),
    Threshold("fresh_recap_days", "Recap due within (days after a meeting)", 14, 1, 730),
    Threshold("fresh_risk_register_days", "Risk register fresh for (days)", 30, 1, 730),
    Threshold("fresh_renewal_plan_days", "Renewal plan fresh for (days)", 30, 1, 730),
    Threshold(
        "backup_keep_daily",
        "Backups: keep one a day for (days)",
        7,
        0,
        366,
        help="The newest automatic backup of each of this many days is kept.",
    ),
    Threshold(
        "backup_keep_weekly",
        "Backups: keep one a week for (weeks)",
        4,
        0,
        260,
        help="The newest automatic backup of each of this many weeks is kept.",
    ),
    Threshold(
        "backup_keep_monthly",
        "Backups: keep one a month for (months)",
        12,
        0,
        240,
        help="The newest automatic backup of each of this many months is kept; the five "
        "newest backups are always kept.",
    ),
)

_THRESHOLD_DEFAULTS: Mapping[str, float] = MappingProxyType({t.key: t.default for t in THRESHOLDS})


def threshold_default(key: str) -> float:
    """The default of one scalar setting (``THRESHOLDS``)."""
    return _THRESHOLD_DEFAULTS[key]


def default_days(key: str) -> int:
    """The default of a scalar setting that counts days (or people), as an int, for code that
    needs it without a book's settings.

    >>> default_days("not_contacted_days"), default_days("champion_left_days")
    (90, 180)
    """
    return int(threshold_default(key))


class SegmentationMode:
    """How the default segment is chosen when an account's segment is not pinned (DOMAIN §5)."""

    ARR = "arr"
    MULTI_FACTOR = "multi_factor"


@dataclass(frozen=True)
class BookSettings:
    """Everything the engine needs to know about how this CSM runs their book.

    Attributes:
        segment_weights: health component weights per segment (each row sums to 100).
        band_probability: default renewal probability per health band.
        mandatory: the artifacts each segment must keep.
        segmentation: ``"arr"`` (default) or ``"multi_factor"``.
        thresholds: every scalar setting of ``THRESHOLDS`` by key.
        vendor_name: the CSM's company as customer documents name it ("" for "our team").
        vendor_logo: the path of the company's logo image, shown on customer documents' covers.
        customer_logos: the path of each customer's logo image, by account name.
        share_renewal_price: whether a customer's renewal plan states the price that renews
            (the account's current ARR).
        meeting_templates: what a new meeting of each type starts from (agenda, decisions to
            reach, questions), by meeting type; a type absent here has an empty template.
    """

    segment_weights: Mapping[Segment, Weights] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    band_probability: Mapping[Band, float] = field(default_factory=lambda: DEFAULT_BAND_PROBABILITY)
    mandatory: Mapping[Segment, frozenset[Artifact]] = field(
        default_factory=lambda: DEFAULT_MANDATORY
    )
    segmentation: str = SegmentationMode.ARR
    thresholds: Mapping[str, float] = field(default_factory=lambda: _THRESHOLD_DEFAULTS)
    vendor_name: str = ""
    vendor_logo: str = ""
    customer_logos: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    share_renewal_price: bool = False
    meeting_templates: Mapping[str, MeetingTemplate] = field(
        default_factory=lambda: DEFAULT_MEETING_TEMPLATES
    )

    def meeting_template(self, meeting_type: str) -> MeetingTemplate:
        """The template a new meeting of ``meeting_type`` starts from."""
        return self.meeting_templates.get(meeting_type, MeetingTemplate())

    def customer_logo(self, account_name: str) -> str:
        """The logo path set for an account (matched by name, ignoring case), else ""."""
        wanted = " ".join(account_name.split()).casefold()
        for name, path in self.customer_logos.items():
            if " ".join(name.split()).casefold() == wanted:
                return path
        return ""

    def threshold(self, key: str) -> float:
        """The value of one scalar setting (its default when the book does not set it)."""
        return self.thresholds.get(key, _THRESHOLD_DEFAULTS[key])

    def days(self, key: str) -> int:
        """A scalar setting that counts days, as an int."""
        return int(self.threshold(key))

    def weights_for(self, segment: Segment) -> Weights:
        return self.segment_weights.get(segment, DEFAULT_WEIGHTS[segment])

    def is_mandatory(self, segment: Segment, artifact: Artifact) -> bool:
        return artifact in self.mandatory.get(segment, DEFAULT_MANDATORY[segment])

    def problems(self) -> list[str]:
        """Every reason these settings cannot be used, in words; empty when they are valid."""
        found: list[str] = []
        for segment in Segment:
            weights = self.weights_for(segment)
            for component in Component:
                value = weights.get(component, 0.0)
                if not 0 <= value <= 100:
                    found.append(
                        f"{segment.label} weight for {component.phrase} must be 0–100, "
                        f"not {value:g}"
                    )
            total = sum(weights.get(c, 0.0) for c in Component)
            if abs(total - 100.0) > 1e-6:
                found.append(f"{segment.label} weights must sum to 100, not {total:g}")
        for band in Band:
            probability = self.band_probability.get(band, DEFAULT_BAND_PROBABILITY[band])
            if not 0 <= probability <= 1:
                found.append(
                    f"Renewal probability for {band.phrase} must be 0–1, not {probability:g}"
                )
        for spec in THRESHOLDS:
            value = self.threshold(spec.key)
            if not spec.minimum <= value <= spec.maximum:
                found.append(
                    f"{spec.label} must be between {spec.minimum:g} and {spec.maximum:g}, "
                    f"not {value:g}"
                )
        if self.threshold("low_touch_min_arr") > self.threshold("high_touch_min_arr"):
            found.append("Low touch ARR threshold must not exceed the high touch threshold")
        if self.segmentation not in (SegmentationMode.ARR, SegmentationMode.MULTI_FACTOR):
            found.append(f"Unknown segmentation mode {self.segmentation!r}")
        return found

    def with_changes(self, **changes: Any) -> BookSettings:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "segment_weights": {
                s.value: {c.value: float(w.get(c, 0.0)) for c in Component}
                for s, w in ((s, self.weights_for(s)) for s in Segment)
            },
            "band_probability": {
                b.value: float(self.band_probability.get(b, DEFAULT_BAND_PROBABILITY[b]))
                for b in Band
            },
            "mandatory": {
                s.value: sorted(a.value for a in self.mandatory.get(s, DEFAULT_MANDATORY[s]))
                for s in Segment
            },
            "segmentation": self.segmentation,
            "thresholds": {t.key: float(self.threshold(t.key)) for t in THRESHOLDS},
            "documents": {
                "vendor_name": self.vendor_name,
                "vendor_logo": self.vendor_logo,
                "customer_logos": dict(sorted(self.customer_logos.items())),
                "share_renewal_price": self.share_renewal_price,
            },
            "meeting_templates": {
                t: self.meeting_template(t).to_json() for t in MeetingType.choices()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> BookSettings:
        """Read settings written by ``to_json``; anything absent or unknown takes its default."""
        if not data:
            return cls()
        weights: dict[Segment, Weights] = dict(DEFAULT_WEIGHTS)
        for key, row in (data.get("segment_weights") or {}).items():
            if key in Segment.choices() and isinstance(row, Mapping):
                weights[Segment(key)] = MappingProxyType(
                    {c: float(row.get(c.value, 0.0)) for c in Component}
                )
        probability = dict(DEFAULT_BAND_PROBABILITY)
        for key, value in (data.get("band_probability") or {}).items():
            if key in Band.choices():
                probability[Band(key)] = float(value)
        mandatory = dict(DEFAULT_MANDATORY)
        for key, artifacts in (data.get("mandatory") or {}).items():
            if key in Segment.choices():
                mandatory[Segment(key)] = frozenset(
                    Artifact(a) for a in artifacts if a in Artifact.choices()
                )
        thresholds = dict(_THRESHOLD_DEFAULTS)
        for key, value in (data.get("thresholds") or {}).items():
            if key in thresholds:
                thresholds[key] = float(value)
        segmentation = data.get("segmentation") or SegmentationMode.ARR
        documents = data.get("documents")
        if not isinstance(documents, Mapping):
            documents = {}
        logos = documents.get("customer_logos")
        templates = dict(DEFAULT_MEETING_TEMPLATES)
        stored = data.get("meeting_templates")
        if isinstance(stored, Mapping):
            for key, value in stored.items():
                if key in MeetingType.choices():
                    templates[key] = MeetingTemplate.from_json(value)
        return cls(
            segment_weights=MappingProxyType(weights),
            band_probability=MappingProxyType(probability),
            mandatory=MappingProxyType(mandatory),
            segmentation=str(segmentation),
            thresholds=MappingProxyType(thresholds),
            vendor_name=str(documents.get("vendor_name") or ""),
            vendor_logo=str(documents.get("vendor_logo") or ""),
            customer_logos=MappingProxyType(
                {str(k): str(v) for k, v in logos.items() if k and v}
                if isinstance(logos, Mapping)
                else {}
            ),
            share_renewal_price=bool(documents.get("share_renewal_price", False)),
            meeting_templates=MappingProxyType(templates),
        )
