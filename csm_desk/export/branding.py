"""Who a customer document comes from: the vendor's name, its logo and the customer's logo (book
settings), and the renewal price when the CSM chooses to share it.

A logo that cannot be used (no such file, unreadable, not an image Word can show) is left off the
cover and reported as a warning in words; it never stops a document from being written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import SignalKey
from csm_desk.export.text import one_line
from csm_desk.models.bookfile import BookFile

# Larger files are refused rather than read into a document.
LOGO_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_VENDOR = "our team"
LICENSED_SEATS = SignalKey.LICENSED_SEATS.value


@dataclass(frozen=True)
class Branding:
    """The sender of a customer document.

    Attributes:
        vendor: the company's name as a sentence uses it ("our team" when none is set).
        vendor_named: whether a company name is set.
        vendor_logo: the company logo's image bytes, or None.
        customer_logo: the customer's logo's image bytes, or None.
        renewal_price: the price that renews (current ARR) when shared, else None.
        renewal_seats: the seats the contract licenses (the latest licensed-seats reading on
            or before the document's date), else None.
        warnings: why a logo set in the settings is not shown, one line each.
    """

    vendor: str = DEFAULT_VENDOR
    vendor_named: bool = False
    vendor_logo: bytes | None = None
    customer_logo: bytes | None = None
    renewal_price: float | None = None
    renewal_seats: float | None = None
    warnings: tuple[str, ...] = ()

    @property
    def vendor_title(self) -> str:
        """The vendor at the start of a heading: "Acme Ltd" or "Our team"."""
        return self.vendor if self.vendor_named else DEFAULT_VENDOR.capitalize()


def read_logo(path_text: str, whose: str) -> tuple[bytes | None, str | None]:
    """The image at ``path_text`` and no warning, or no image and the reason in words."""
    path = Path(path_text).expanduser()
    try:
        size = path.stat().st_size
        if not path.is_file():
            return None, f"{whose} logo {path} is not a file; the cover shows no logo for it"
        if size > LOGO_MAX_BYTES:
            return None, f"{whose} logo {path} is larger than 10 MB; the cover shows no logo"
        data = path.read_bytes()
    except FileNotFoundError:
        return None, f"{whose} logo {path} was not found; the cover shows no logo for it"
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, f"{whose} logo {path} cannot be read ({reason}); the cover shows no logo"
    if not _is_picture(data):
        return None, (
            f"{whose} logo {path} is not a PNG, JPEG, GIF or BMP image; the cover shows no logo"
        )
    return data, None


def _is_picture(data: bytes) -> bool:
    """Whether python-docx can place ``data`` as a picture."""
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
    except Exception:  # a damaged header may fail anywhere in the parser
        return False
    return bool(image.px_width and image.px_height)


def branding_for(settings: BookSettings, customer: str) -> Branding:
    """The sender of a document for ``customer`` under ``settings`` (no renewal price)."""
    warnings: list[str] = []
    vendor_logo = customer_logo = None
    if settings.vendor_logo.strip():
        vendor_logo, problem = read_logo(settings.vendor_logo.strip(), "The company")
        if problem:
            warnings.append(problem)
    path = settings.customer_logo(customer).strip()
    if path:
        customer_logo, problem = read_logo(path, f"{one_line(customer)}’s")
        if problem:
            warnings.append(problem)
    name = one_line(settings.vendor_name)
    return Branding(
        vendor=name or DEFAULT_VENDOR,
        vendor_named=bool(name),
        vendor_logo=vendor_logo,
        customer_logo=customer_logo,
        warnings=tuple(warnings),
    )


def load_branding(
    book: BookFile, account_id: int, customer: str, as_of: dt.date | None = None
) -> Branding:
    """``branding_for`` the book's settings, with the seats the contract licenses as of
    ``as_of`` and the renewal price when the settings share it.

    The price is the account's ARR, an internal figure: it is read here, and only when the CSM
    has chosen to share it, so it reaches no other document. The licensed seats are a term of
    the contract the customer signed.
    """
    from dataclasses import replace

    settings = book.settings()
    found = branding_for(settings, customer)
    with book.engine.connect() as conn:
        seats = conn.exec_driver_sql(
            "SELECT value FROM signal_reading WHERE account_id = ? AND key = ? AND date <= ? "
            "ORDER BY date DESC, id DESC LIMIT 1",
            (account_id, LICENSED_SEATS, (as_of or dt.date.max).isoformat()),
        ).first()
        price = None
        if settings.share_renewal_price:
            row = conn.exec_driver_sql(
                "SELECT arr FROM account WHERE id = ?", (account_id,)
            ).first()
            price = float(row[0]) if row is not None and row[0] else None
    return replace(
        found,
        renewal_price=price,
        renewal_seats=float(seats[0]) if seats is not None and seats[0] else None,
    )
