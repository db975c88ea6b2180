"""Generated demo pictures: a gradient, a simple product-ish shape and, when the system has a
CJK font, the category's name. A small pool per leaf category is shared by all its products.

Pictures depend only on their job (category, variant), never on the seed, so a file already in
storage with all its thumbnails is reused. Jobs are drawn in worker processes, one per core.
"""

import colorsys
import multiprocessing
import os
import random
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont

from mall.core.images import THUMBNAIL_WIDTHS, make_thumbnails, thumbnail_name

PRODUCT_SIZE = (640, 640)
LOGO_SIZE = (256, 256)
BANNER_SIZE = (1200, 400)
FALLBACK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
PREFERRED_FONTS = ("NotoSansCJK-Regular", "NotoSansCJK", "SourceHanSans", "wqy-microhei")

Box = tuple[float, float, float, float]
# Shapes in a 0–100 box: (primitive, coordinates, role[, corner radius or line width]).
# Roles: "main" is the near-white body, "accent" the palette's dark colour, "soft" its light one.
SHAPES: dict[str, tuple[tuple, ...]] = {
    "bottle": (("rect", (36, 32, 64, 92), "main", 10), ("rect", (44, 18, 56, 33), "main", 3),
               ("rect", (42, 8, 58, 18), "accent", 3), ("rect", (40, 50, 60, 72), "accent", 4)),
    "jar": (("rect", (26, 38, 74, 88), "main", 10), ("rect", (24, 26, 76, 40), "accent", 6),
            ("rect", (34, 54, 66, 72), "soft", 4)),
    "box": (("rect", (20, 30, 80, 88), "main", 4), ("rect", (20, 30, 80, 42), "accent", 4),
            ("rect", (46, 30, 54, 88), "soft", 0)),
    "tube": (("poly", ((40, 10), (60, 10), (66, 80), (34, 80)), "main"),
             ("rect", (42, 80, 58, 92), "accent", 3), ("rect", (42, 30, 58, 55), "soft", 3)),
    "shirt": (("poly", ((30, 18), (42, 14), (50, 20), (58, 14), (70, 18), (88, 34), (78, 46),
                        (70, 40), (70, 90), (30, 90), (30, 40), (22, 46), (12, 34)), "main"),
              ("poly", ((42, 14), (50, 24), (58, 14)), "accent")),
    "coat": (("poly", ((32, 14), (44, 10), (56, 10), (68, 14), (86, 36), (80, 70), (72, 66),
                       (72, 94), (28, 94), (28, 66), (20, 70), (14, 36)), "main"),
             ("rect", (48, 14, 52, 94), "accent", 0), ("rect", (34, 60, 44, 66), "soft", 2),
             ("rect", (56, 60, 66, 66), "soft", 2)),
    "shoe": (("poly", ((10, 62), (14, 40), (30, 36), (46, 50), (70, 56), (88, 62), (92, 74),
                       (10, 74)), "main"),
             ("rect", (8, 72, 94, 82), "accent", 4),
             ("poly", ((30, 40), (36, 52), (42, 47)), "soft")),
    "phone": (("rect", (32, 8, 68, 92), "accent", 8), ("rect", (35, 14, 65, 86), "main", 4),
              ("ellipse", (47, 9.5, 53, 12.5), "soft")),
    "tablet": (("rect", (16, 18, 84, 82), "accent", 6), ("rect", (20, 22, 80, 78), "main", 3)),
    "laptop": (("rect", (20, 20, 80, 62), "accent", 4), ("rect", (24, 24, 76, 58), "main", 2),
               ("poly", ((12, 64), (88, 64), (94, 74), (6, 74)), "accent")),
    "screen": (("rect", (8, 18, 92, 70), "accent", 3), ("rect", (11, 21, 89, 67), "main", 1),
               ("rect", (46, 70, 54, 80), "accent", 0), ("rect", (30, 80, 70, 84), "accent", 2)),
    "appliance": (("rect", (28, 6, 72, 94), "main", 6), ("rect", (28, 40, 72, 42), "accent", 0),
                  ("rect", (64, 14, 67, 32), "accent", 2), ("rect", (64, 48, 67, 70), "accent", 2)),
    "headphones": (("arc", (22, 14, 78, 74), "accent", 5), ("rect", (16, 46, 34, 82), "main", 8),
                   ("rect", (66, 46, 84, 82), "main", 8)),
    "watch": (("rect", (40, 4, 60, 96), "accent", 6), ("ellipse", (28, 28, 72, 72), "main"),
              ("ellipse", (34, 34, 66, 66), "soft")),
    "bag": (("poly", ((24, 14), (32, 10), (40, 14), (48, 10), (56, 14), (64, 10), (72, 14),
                      (76, 14), (76, 90), (24, 90)), "main"),
            ("ellipse", (36, 40, 64, 68), "accent")),
    "backpack": (("rect", (26, 20, 74, 92), "main", 14), ("rect", (34, 56, 66, 86), "accent", 8),
                 ("arc", (36, 6, 64, 34), "accent", 4)),
    "round": (("ellipse", (20, 24, 80, 84), "main"),
              ("poly", ((50, 26), (60, 8), (70, 14)), "accent")),
    "blocks": (("rect", (18, 56, 48, 86), "main", 3), ("rect", (52, 56, 82, 86), "accent", 3),
               ("rect", (34, 24, 64, 54), "main", 3)),
    "bedding": (("rect", (10, 44, 90, 88), "main", 8), ("rect", (16, 24, 48, 46), "soft", 10),
                ("rect", (52, 24, 84, 46), "soft", 10), ("rect", (10, 60, 90, 66), "accent", 0)),
    "pan": (("ellipse", (10, 30, 66, 86), "accent"), ("ellipse", (14, 34, 62, 82), "main"),
            ("rect", (64, 54, 96, 62), "accent", 3)),
    "knife": (("poly", ((10, 40), (70, 40), (70, 58), (22, 58)), "main"),
              ("rect", (70, 42, 94, 56), "accent", 4)),
    "tent": (("poly", ((50, 12), (92, 84), (8, 84)), "main"),
             ("poly", ((50, 40), (64, 84), (36, 84)), "accent")),
    "mat": (("rect", (10, 56, 80, 80), "main", 4), ("ellipse", (68, 40, 96, 80), "accent"),
            ("ellipse", (76, 50, 88, 70), "soft")),
    "book": (("rect", (26, 10, 78, 90), "main", 3), ("rect", (22, 10, 32, 90), "accent", 2),
             ("rect", (38, 24, 70, 40), "soft", 2)),
    "pen": (("poly", ((44, 8), (56, 8), (56, 78), (50, 92), (44, 78)), "main"),
            ("rect", (44, 8, 56, 24), "accent", 2)),
}  # fmt: skip


@dataclass(frozen=True)
class ImageJob:
    """One picture to draw and store. `style` is "product", "logo" or "banner"."""

    name: str
    style: str
    palette: tuple[str, str]
    shape: str = ""
    label: str = ""
    variant: int = 0


# --- fonts ----------------------------------------------------------------------------------


def _font_rank(path: str) -> int:
    ranks = [i for i, hint in enumerate(PREFERRED_FONTS) if hint in path]
    return ranks[0] if ranks else len(PREFERRED_FONTS)


@cache
def cjk_font_path() -> str | None:
    """A font file that covers Chinese, from fontconfig or the usual Debian paths; None if none."""
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    found = sorted((line.split(":")[0].strip() for line in listing.splitlines()), key=_font_rank)
    return next((path for path in [*found, *FALLBACK_FONTS] if path and Path(path).is_file()), None)


@cache
def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    """The font at `size`, choosing the Simplified Chinese face of a collection (.ttc)."""
    path = cjk_font_path()
    if path is None:
        return None
    faces = []
    for index in range(10 if path.endswith(".ttc") else 1):
        try:
            faces.append(ImageFont.truetype(path, size, index=index))
        except OSError:
            break
    simplified = [face for face in faces if face.getname()[0].endswith(" SC")]
    return (simplified or faces or [None])[0]


# --- drawing --------------------------------------------------------------------------------


def rgb(colour: str) -> tuple[int, int, int]:
    return ImageColor.getrgb(colour)[:3]


def shifted(colour: tuple[int, int, int], hue: float, lightness: float = 0) -> tuple[int, ...]:
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    r, g, b = colorsys.hls_to_rgb((h + hue) % 1, min(max(lum + lightness, 0), 1), s)
    return tuple(round(c * 255) for c in (r, g, b))


def gradient(size: tuple[int, int], start: tuple, end: tuple, angle: int) -> Image.Image:
    """A two-colour gradient running down (0), across (90) or diagonally (45, 135)."""
    down = Image.linear_gradient("L")
    across = down.rotate(90)
    masks = {
        0: down,
        90: across,
        45: ImageChops.add(down, across, scale=2),
        135: ImageChops.add(down, ImageChops.invert(across), scale=2),
    }
    mask = masks[angle].resize(size)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def bubbles(image: Image.Image, rng: random.Random, count: int, area: Box, radius: tuple[int, int]):
    """Soft translucent circles for texture."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    left, top, right, bottom = (round(v) for v in area)
    for _ in range(count):
        x, y, r = rng.randrange(left, right), rng.randrange(top, bottom), rng.randrange(*radius)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 38))
    image.paste(layer, mask=layer)


def draw_shape(draw: ImageDraw.ImageDraw, shape: str, box: Box, colours: dict[str, tuple]):
    left, top, right, bottom = box
    sx, sy = (right - left) / 100, (bottom - top) / 100

    def point(x: float, y: float) -> tuple[float, float]:
        return left + x * sx, top + y * sy

    for primitive, coords, role, *extra in SHAPES[shape]:
        fill = colours[role]
        if primitive == "poly":
            draw.polygon([point(x, y) for x, y in coords], fill=fill)
            continue
        xy = (*point(*coords[:2]), *point(*coords[2:]))
        if primitive == "rect":
            draw.rounded_rectangle(xy, radius=extra[0] * sx, fill=fill)
        elif primitive == "ellipse":
            draw.ellipse(xy, fill=fill)
        else:
            draw.arc(xy, 180, 360, fill=fill, width=round(extra[0] * sx))


def product_picture(job: ImageJob) -> Image.Image:
    rng = random.Random(job.name)
    start, end = (shifted(rgb(c), job.variant * 0.035) for c in job.palette)
    image = gradient(PRODUCT_SIZE, shifted(end, 0, 0.1), start, rng.choice((0, 45, 90, 135)))
    bubbles(image, rng, 4, (0, 0, 640, 640), (60, 160))
    draw = ImageDraw.Draw(image)
    colours = {"main": (250, 250, 248), "accent": shifted(start, 0, -0.12), "soft": end}
    font = cjk_font(48)
    inset = rng.randrange(100, 140)
    draw_shape(draw, job.shape, (inset, 70, 640 - inset, 500 if font else 570), colours)
    if font:
        width = draw.textlength(job.label, font=font) + 64
        draw.rounded_rectangle(
            (320 - width / 2, 532, 320 + width / 2, 604), radius=36, fill=(255, 255, 255)
        )
        draw.text((320, 568), job.label, font=font, fill=colours["accent"], anchor="mm")
    return image


def logo_picture(job: ImageJob) -> Image.Image:
    start, end = (rgb(c) for c in job.palette)
    image = gradient(LOGO_SIZE, start, end, 45)
    draw = ImageDraw.Draw(image)
    font = cjk_font(104)
    if font:
        draw.text((128, 128), job.label[:2], font=font, fill=(255, 255, 255), anchor="mm")
    else:
        draw.ellipse((48, 48, 208, 208), outline=(255, 255, 255), width=14)
        draw.ellipse((100, 100, 156, 156), fill=(255, 255, 255))
    return image


def banner_picture(job: ImageJob) -> Image.Image:
    """Decoration only: the storefront overlays the banner's title and subtitle as text."""
    rng = random.Random(job.name)
    start, end = (rgb(c) for c in job.palette)
    image = gradient(BANNER_SIZE, start, end, 90)
    bubbles(image, rng, 7, (500, 0, 1200, 400), (40, 170))
    colours = {"main": (255, 255, 255), "accent": shifted(start, 0, -0.1), "soft": end}
    draw_shape(ImageDraw.Draw(image), job.shape, (820, 40, 1140, 360), colours)
    return image


RENDERERS: dict[str, Callable[[ImageJob], Image.Image]] = {
    "product": product_picture,
    "logo": logo_picture,
    "banner": banner_picture,
}


# --- storage --------------------------------------------------------------------------------


def jpeg(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=86, optimize=True)
    return out.getvalue()


def is_stored(name: str) -> bool:
    thumbnails = (thumbnail_name(name, w, fmt) for w in THUMBNAIL_WIDTHS for fmt in ("webp", "jpg"))
    return all(default_storage.exists(n) for n in (name, *thumbnails))


def render_and_store(job: ImageJob) -> str:
    if default_storage.exists(job.name):
        default_storage.delete(job.name)
    default_storage.save(job.name, ContentFile(jpeg(RENDERERS[job.style](job))))
    make_thumbnails(job.name)
    return job.name


def store_pictures(jobs: Iterable[ImageJob], on_done: Callable[[], None] = lambda: None) -> int:
    """Draw and store every picture not already in storage; returns how many were drawn."""
    missing = [job for job in jobs if not is_stored(job.name)]
    if not missing:
        return 0
    workers = min(os.cpu_count() or 1, len(missing))
    # fork: workers inherit the configured Django settings; they never touch the database.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for _ in pool.map(render_and_store, missing, chunksize=2):
            on_done()
    return len(missing)
