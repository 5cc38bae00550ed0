"""Pictures for the demo content, drawn with Pillow (no file is shipped)."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter


def _starfield(draw, size, rng, count=260):
    width, height = size
    for _ in range(count):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.choice([1, 1, 1, 2])
        shade = rng.randrange(150, 256)
        draw.ellipse([x, y, x + r, y + r], fill=(shade, shade, min(255, shade + 20)))


def _vertical_gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def spacewalk(size=(1600, 900), seed=7):
    """Two suited figures beside a capsule, Earth's limb below: the demo's hero."""
    rng = random.Random(seed)
    width, height = size
    image = _vertical_gradient(size, (2, 4, 18), (10, 18, 48))
    draw = ImageDraw.Draw(image)
    _starfield(draw, size, rng)

    # Earth's limb with an atmosphere glow.
    glow = Image.new("RGB", size, (0, 0, 0))
    ImageDraw.Draw(glow).ellipse([-width * 0.4, height * 0.62, width * 1.4, height * 2.4], fill=(60, 140, 255))
    image = Image.blend(image, glow.filter(ImageFilter.GaussianBlur(40)), 0.45)
    draw = ImageDraw.Draw(image)
    draw.ellipse([-width * 0.38, height * 0.66, width * 1.38, height * 2.4], fill=(24, 74, 140))
    for _ in range(40):
        cx, cy = rng.uniform(0, width), rng.uniform(height * 0.72, height)
        draw.ellipse([cx - 60, cy - 12, cx + 60, cy + 12], fill=(225, 232, 240))

    # The capsule: an orbital module, a descent module and solar wings.
    cx, cy = width * 0.62, height * 0.38
    draw.rectangle([cx - 380, cy - 28, cx - 170, cy + 28], fill=(38, 58, 120), outline=(150, 170, 210), width=3)
    draw.rectangle([cx + 170, cy - 28, cx + 380, cy + 28], fill=(38, 58, 120), outline=(150, 170, 210), width=3)
    for k in range(1, 6):
        draw.line([cx - 380 + k * 35, cy - 28, cx - 380 + k * 35, cy + 28], fill=(150, 170, 210), width=2)
        draw.line([cx + 170 + k * 35, cy - 28, cx + 170 + k * 35, cy + 28], fill=(150, 170, 210), width=2)
    draw.rounded_rectangle([cx - 170, cy - 70, cx + 10, cy + 70], radius=30, fill=(200, 205, 200))
    draw.ellipse([cx + 10, cy - 80, cx + 170, cy + 80], fill=(170, 176, 168))
    draw.ellipse([cx - 100, cy - 25, cx - 60, cy + 15], fill=(30, 30, 40))

    # Two astronauts on tethers.
    for ax, ay, tilt in [(cx - 330, cy + 150, -0.3), (cx - 520, cy + 40, 0.4)]:
        body = Image.new("RGBA", (140, 220), (0, 0, 0, 0))
        b = ImageDraw.Draw(body)
        b.ellipse([35, 0, 105, 70], fill=(236, 236, 230))
        b.ellipse([50, 18, 92, 52], fill=(210, 160, 40))
        b.rounded_rectangle([25, 60, 115, 160], radius=25, fill=(236, 236, 230))
        b.rectangle([45, 80, 95, 115], fill=(180, 40, 40))
        b.rounded_rectangle([0, 70, 30, 150], radius=14, fill=(226, 226, 220))
        b.rounded_rectangle([110, 70, 140, 150], radius=14, fill=(226, 226, 220))
        b.rounded_rectangle([30, 150, 65, 220], radius=14, fill=(226, 226, 220))
        b.rounded_rectangle([75, 150, 110, 220], radius=14, fill=(226, 226, 220))
        body = body.rotate(math.degrees(tilt), expand=True, resample=Image.Resampling.BICUBIC)
        image.paste(body, (int(ax - body.width / 2), int(ay - body.height / 2)), body)
        draw = ImageDraw.Draw(image)
        draw.line([ax + 20, ay - 20, cx - 130, cy + 40], fill=(220, 220, 200), width=3)
    return image


def headshot(size=(800, 800), seed=3, tint=(92, 110, 140)):
    """A plain portrait silhouette on a soft backdrop."""
    width, height = size
    image = _vertical_gradient(size, tuple(min(255, c + 80) for c in tint), tint)
    draw = ImageDraw.Draw(image)
    skin = (222, 190, 160) if seed % 2 else (150, 110, 80)
    draw.ellipse([width * 0.16, height * 0.66, width * 0.84, height * 1.3], fill=(40, 48, 64))
    draw.rectangle([width * 0.43, height * 0.52, width * 0.57, height * 0.72], fill=skin)
    draw.ellipse([width * 0.32, height * 0.2, width * 0.68, height * 0.62], fill=skin)
    hair = [(60, 50, 40), (200, 200, 200), (30, 25, 20), (120, 80, 40)][seed % 4]
    draw.chord([width * 0.3, height * 0.16, width * 0.7, height * 0.5], 180, 360, fill=hair)
    return image


def scene(kind, size=(1600, 900), seed=1):
    """A simple picture for a story: a planet, a rocket on its pad, or a telescope mirror."""
    rng = random.Random(seed)
    width, height = size
    if kind == "rocket":
        image = _vertical_gradient(size, (250, 160, 90), (60, 70, 120))
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, height * 0.82, width, height], fill=(50, 50, 55))
        x = width * 0.5
        draw.rectangle([x - 40, height * 0.2, x + 40, height * 0.82], fill=(240, 240, 240))
        draw.polygon([(x - 40, height * 0.2), (x + 40, height * 0.2), (x, height * 0.08)], fill=(200, 60, 50))
        draw.rectangle([x + 90, height * 0.15, x + 110, height * 0.82], fill=(90, 90, 95))
        for k in range(8):
            y = height * (0.2 + k * 0.08)
            draw.line([x + 40, y, x + 90, y], fill=(90, 90, 95), width=6)
        return image
    if kind == "mirror":
        image = _vertical_gradient(size, (10, 10, 20), (30, 30, 50))
        draw = ImageDraw.Draw(image)
        cx, cy, r = width / 2, height / 2, height * 0.11
        for row in range(-3, 4):
            for col in range(-3, 4):
                hx = cx + col * r * 1.75 + (row % 2) * r * 0.875
                hy = cy + row * r * 1.52
                if math.hypot(hx - cx, hy - cy) > r * 5.4:
                    continue
                points = [
                    (hx + r * math.cos(a), hy + r * math.sin(a))
                    for a in [math.pi / 6 + k * math.pi / 3 for k in range(6)]
                ]
                draw.polygon(points, fill=(212, 175, 55), outline=(120, 90, 20))
        return image
    image = _vertical_gradient(size, (0, 0, 8), (8, 8, 24))
    draw = ImageDraw.Draw(image)
    _starfield(draw, size, rng, count=180)
    palette = [(190, 90, 50), (200, 170, 120), (90, 130, 200), (170, 120, 90)]
    colour = palette[seed % len(palette)]
    cx, cy, r = width * rng.uniform(0.35, 0.65), height * 0.5, height * 0.36
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
    for band in range(6):
        y = cy - r + (band + 1) * (2 * r / 7)
        shade = tuple(max(0, c - 25) for c in colour)
        draw.line([cx - r * 0.95, y, cx + r * 0.95, y + rng.uniform(-8, 8)], fill=shade, width=10)
    shadow = Image.new("L", size, 0)
    ImageDraw.Draw(shadow).ellipse([cx - r * 0.6, cy - r * 1.1, cx + r * 1.6, cy + r * 1.1], fill=170)
    dark = Image.new("RGB", size, (0, 0, 8))
    return Image.composite(dark, image, shadow.filter(ImageFilter.GaussianBlur(30)))


def to_jpeg_bytes(image, quality=88):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
