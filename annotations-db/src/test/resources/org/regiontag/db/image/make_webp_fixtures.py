"""Writes the WebP test fixtures beside this script (run with Pillow built with WebP support).

Java has no WebP writer, so the decoder tests read these committed files. Each is 40x24 pixels:
the left half red (255, 0, 0), the right half blue (0, 0, 255).

    /usr/bin/python3 make_webp_fixtures.py
"""
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent


def halves():
    image = Image.new("RGB", (40, 24), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 24))
    return image


def main():
    halves().save(HERE / "lossy.webp", lossless=False, quality=90)
    halves().save(HERE / "lossless.webp", lossless=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: stored row 0 is the upright right side
    halves().save(HERE / "lossless-orientation-6.webp", lossless=True, exif=exif.tobytes())


if __name__ == "__main__":
    main()
