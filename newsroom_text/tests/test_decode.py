"""decode_upload / detect_format: what is accepted, how it is decoded, and why anything is rejected."""

from __future__ import annotations

import pytest

from newsroom_text.decode import DecodedUpload, UploadRejected, decode_upload, detect_format

KO_SEED = "000_329ef9b1478a6bb7.txt"
EN_SEED = "004_9e72b723b3a44e7c.txt"


def _reject(data: bytes, filename: str, **kw) -> UploadRejected:
    with pytest.raises(UploadRejected) as info:
        decode_upload(data, filename, **kw)
    return info.value


def test_korean_seed_utf8(seeds_dir):
    raw = (seeds_dir / KO_SEED).read_bytes()
    result = decode_upload(raw, KO_SEED)
    assert result == DecodedUpload(text=raw.decode("utf-8"), encoding="utf-8", fmt="text")


def test_cp949_copy_of_korean_seed_decodes_identically(seeds_dir):
    original = (seeds_dir / KO_SEED).read_text(encoding="utf-8")
    result = decode_upload(original.encode("cp949"), "legacy.txt")
    assert result.encoding == "cp949"
    assert result.text == original


def test_euc_kr_bytes_are_reported_as_cp949():
    text = "서울시는 오늘 새 정책을 발표했다.\n시민들은 환영했다."
    result = decode_upload(text.encode("euc-kr"), "a.txt")
    assert (result.text, result.encoding) == (text, "cp949")


def test_utf8_bom_is_removed(seeds_dir):
    raw = (seeds_dir / EN_SEED).read_bytes()
    result = decode_upload(b"\xef\xbb\xbf" + raw, "story.txt")
    assert result.encoding == "utf-8-sig"
    assert not result.text.startswith("\ufeff")
    assert result.text == raw.decode("utf-8")


def test_line_endings_normalised_and_nfc():
    decomposed = "\u1100\u1161\u11a8"  # 각 as conjoining jamo
    result = decode_upload(f"first\r\nsecond\rthird {decomposed}\n".encode(), "a.txt")
    assert result.text == "first\nsecond\nthird 각\n"


def test_utf16_with_bom_is_decoded():
    result = decode_upload(b"\xff\xfe" + "안녕하세요 hello".encode("utf-16-le"), "a.txt")
    assert result.text == "안녕하세요 hello"
    assert result.encoding == "utf-16"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 40, "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"x" * 40, "JPEG image"),
        (b"GIF89a" + b"\x01\x00" * 20, "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"a" * 40, "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + b"a" * 40, "gzip archive"),
    ],
)
def test_binary_magic_numbers_are_rejected_by_name(data, what):
    err = _reject(data, "article.txt")
    assert err.code == "binary"
    assert what in err.message and "article.txt" in err.message
    assert err.message == str(err)


def test_png_renamed_txt_is_binary():
    err = _reject(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "photo.txt")
    assert err.code == "binary"
    assert err.message == "photo.txt looks like a PNG image, not text"


def test_nul_bytes_are_a_rejection_not_stripped():
    err = _reject("기사 본문\x00입니다".encode(), "a.txt")
    assert err.code == "binary"
    assert "NUL" in err.message


def test_many_control_characters_are_binary():
    err = _reject(bytes(range(1, 9)) * 50 + b"some text", "a.txt")
    assert err.code == "binary"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\u3000\n".encode()])
def test_empty_or_whitespace_only(data):
    assert _reject(data, "a.txt").code == "empty"


def test_too_large_is_checked_before_decoding():
    # Invalid UTF-8 and binary-looking, but the size check comes first.
    err = _reject(b"\x89PNG" + b"\xff" * 100, "big.txt", max_bytes=50)
    assert err.code == "too_large"
    assert "50" in err.message


def test_exactly_max_bytes_is_accepted():
    assert decode_upload(b"a" * 50, "a.txt", max_bytes=50).text == "a" * 50


@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "a.hwp", "photo.png", "a.txt.exe", "a.csv"])
def test_unknown_extension(name):
    err = _reject(b"plain text", name)
    assert err.code == "unknown_type"
    assert name.rsplit(".", 1)[1] in err.message


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "text"), ("A.TXT", "text"), ("a.text", "text"), ("README", "text"), ("dir/x.htm", "html"),
     ("x.html", "html"), ("x.md", "markdown"), ("x.markdown", "markdown")],
)  # fmt: skip
def test_accepted_extensions(name, fmt):
    assert decode_upload("기사 본문입니다.".encode(), name).fmt == fmt


def test_detect_format_sniffs_files_without_extension():
    assert detect_format("upload", "<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert detect_format("upload", "# 제목\n\n본문") == "markdown"
    assert detect_format("upload", "제목\n본문입니다.") == "text"
    # An explicit extension wins over the content.
    assert detect_format("a.txt", "<html><body>x</body></html>") == "text"
    with pytest.raises(UploadRejected) as info:
        detect_format("a.rtf", "x")
    assert info.value.code == "unknown_type"


def test_truncated_utf8_multibyte_sequence_is_undecodable():
    data = "기사 본문은 여기까지".encode()[:-1]  # cut in the middle of the last syllable
    err = _reject(data, "cut.txt")
    assert err.code == "undecodable"
    assert "cut.txt" in err.message and "UTF-8" in err.message


def test_corrupted_utf8_in_the_middle_is_undecodable():
    good = "한국어 기사 본문입니다. ".encode()
    err = _reject(good + b"\xed\x95" + b" " + good, "bad.txt")
    assert err.code == "undecodable"


def test_bytes_that_are_neither_utf8_nor_cp949():
    # 0x81/0x8D/0x90/0x9D: not UTF-8, not a valid CP949 pair here, undefined in Windows-1252.
    err = _reject(b"Text with \x81\x8d\x90 bytes and \x9d more", "x.txt")
    assert err.code == "undecodable"
    assert "neither UTF-8 nor CP949" in err.message


def test_mostly_ascii_windows_1252_is_accepted_as_last_resort():
    result = decode_upload(b"Caf\xe9 owners said \x93business is slow\x94 this year.", "x.txt")
    assert result.encoding == "cp1252"
    assert result.text == "Café owners said “business is slow” this year."


def test_html_and_markdown_formats_pass_through(seeds_dir):
    html = "<html><head><title>T</title></head><body><h1>제목</h1><p>본문.</p></body></html>"
    result = decode_upload(html.encode(), "page.html")
    assert (result.fmt, result.text) == ("html", html)


def test_rejection_is_a_value_error():
    with pytest.raises(ValueError):
        decode_upload(b"", "a.txt")
