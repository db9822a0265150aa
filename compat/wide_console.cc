// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The wide-console shim: Microsoft's wprintf conversions and _wtoi, writing
// UTF-8 to stdout so wide output mixes with narrow output.

#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cwctype>
#include <string>

#include "portres_windows.h"

namespace portres::compat::internal {

// Appends `c` to `out` as UTF-8.
void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

namespace {

// One parsed conversion specification.
struct Spec {
  std::string flags;
  int width = -1;
  int precision = -1;
  enum class Size {
    kDefault,
    kShort,
    kChar,
    kLong32,
    kLong64,
    kSizeT
  } size = Size::kDefault;
  bool narrow = false;  // %S, %hs, %hc: a char string or character
  bool wide = false;    // %ws, %ls, %wc, %lc: a wide one
  wchar_t conversion = 0;
};

// Pads `text` (already converted) to the spec's width.
void Pad(const std::wstring& text, const Spec& spec, std::wstring& out) {
  const int padding = spec.width > static_cast<int>(text.size())
                          ? spec.width - static_cast<int>(text.size())
                          : 0;
  const bool left = spec.flags.find('-') != std::string::npos;
  if (!left) out.append(padding, L' ');
  out += text;
  if (left) out.append(padding, L' ');
}

std::wstring Widen(const char* text) {
  std::wstring wide;
  for (; *text != '\0'; ++text) wide += static_cast<unsigned char>(*text);
  return wide;
}

// Formats a number with the host's snprintf, given a narrow spec. `conv` is
// an int: va_start after a parameter that undergoes promotion (char) is UB.
std::wstring FormatNumber(const Spec& spec, const char* length, int conv, ...) {
  // Appended piece by piece: g++ 12 at -O3 sees an overlapping copy
  // (-Wrestrict, a false positive) in "." + std::to_string(...).
  std::string format = "%";
  format += spec.flags;
  if (spec.width >= 0) format += std::to_string(spec.width);
  if (spec.precision >= 0) {
    format += '.';
    format += std::to_string(spec.precision);
  }
  format += length;
  format += static_cast<char>(conv);
  char buffer[512];
  va_list args;
  va_start(args, conv);
  std::vsnprintf(buffer, sizeof(buffer), format.c_str(), args);
  va_end(args);
  return Widen(buffer);
}

void FormatInteger(const Spec& spec, va_list& args, std::wstring& out) {
  const char conv = static_cast<char>(spec.conversion);
  const bool is_signed = conv == 'd' || conv == 'i';
  int64_t value;
  switch (spec.size) {
    case Spec::Size::kLong64:
    case Spec::Size::kSizeT:
      value = va_arg(args, int64_t);
      break;
    default:  // int, short, char and Windows' 32-bit long
      value = is_signed ? int64_t{va_arg(args, int32_t)}
                        : int64_t{va_arg(args, uint32_t)};
      if (spec.size == Spec::Size::kShort) {
        value = is_signed ? int64_t{static_cast<int16_t>(value)}
                          : int64_t{static_cast<uint16_t>(value)};
      } else if (spec.size == Spec::Size::kChar) {
        value = is_signed ? int64_t{static_cast<int8_t>(value)}
                          : int64_t{static_cast<uint8_t>(value)};
      }
  }
  out += FormatNumber(spec, "ll", conv, static_cast<long long>(value));
}

void FormatString(const Spec& spec, va_list& args, std::wstring& out) {
  std::wstring text;
  const bool narrow = spec.narrow || (spec.conversion == L'S' && !spec.wide);
  if (narrow) {
    const char* s = va_arg(args, const char*);
    text = s == nullptr ? L"(null)" : Widen(s);
  } else {
    const wchar_t* s = va_arg(args, const wchar_t*);
    text = s == nullptr ? L"(null)" : s;
  }
  if (spec.precision >= 0 && static_cast<int>(text.size()) > spec.precision) {
    text.resize(spec.precision);
  }
  Pad(text, spec, out);
}

void FormatChar(const Spec& spec, va_list& args, std::wstring& out) {
  const int c = va_arg(args, int);
  const bool narrow = spec.narrow || (spec.conversion == L'C' && !spec.wide);
  Pad(std::wstring(
          1, narrow ? static_cast<unsigned char>(c) : static_cast<wchar_t>(c)),
      spec, out);
}

// Parses the spec after '%' at `*p`, advancing `*p` past it.
Spec Parse(const wchar_t*& p, va_list& args) {
  Spec spec;
  while (*p == L'-' || *p == L'+' || *p == L' ' || *p == L'#' || *p == L'0') {
    spec.flags += static_cast<char>(*p++);
  }
  if (*p == L'*') {
    spec.width = va_arg(args, int), ++p;
  } else {
    for (spec.width = *p >= L'0' && *p <= L'9' ? 0 : -1;
         *p >= L'0' && *p <= L'9'; ++p) {
      spec.width = spec.width * 10 + (*p - L'0');
    }
  }
  if (*p == L'.') {
    ++p;
    spec.precision = 0;
    if (*p == L'*') {
      spec.precision = va_arg(args, int), ++p;
    }
    for (; *p >= L'0' && *p <= L'9'; ++p) {
      spec.precision = spec.precision * 10 + (*p - L'0');
    }
  }
  using Size = Spec::Size;
  if (p[0] == L'I' && p[1] == L'6' && p[2] == L'4') {
    spec.size = Size::kLong64, p += 3;
  } else if (p[0] == L'I' && p[1] == L'3' && p[2] == L'2') {
    spec.size = Size::kDefault, p += 3;
  } else if (p[0] == L'I') {
    spec.size = Size::kSizeT, p += 1;
  } else if (p[0] == L'l' && p[1] == L'l') {
    spec.size = Size::kLong64, p += 2;
  } else if (p[0] == L'h' && p[1] == L'h') {
    spec.size = Size::kChar, p += 2;
  } else if (p[0] == L'l' || p[0] == L'w') {
    spec.size = Size::kLong32, spec.wide = true, ++p;
  } else if (p[0] == L'h') {
    spec.size = Size::kShort, spec.narrow = true, ++p;
  } else if (p[0] == L'z' || p[0] == L'j' || p[0] == L't') {
    spec.size = Size::kSizeT, ++p;
  } else if (p[0] == L'L') {
    ++p;
  }
  spec.conversion = *p;
  if (*p != L'\0') ++p;
  return spec;
}

}  // namespace
}  // namespace portres::compat::internal

extern "C" {

int portres_wprintf(const wchar_t* format, ...) {
  using namespace portres::compat::internal;
  if (format == nullptr) return -1;
  std::wstring out;
  va_list args;
  va_start(args, format);
  for (const wchar_t* p = format; *p != L'\0';) {
    if (*p != L'%') {
      out += *p++;
      continue;
    }
    ++p;
    Spec spec = Parse(p, args);
    switch (spec.conversion) {
      case L'%':
        out += L'%';
        break;
      case L'd':
      case L'i':
      case L'u':
      case L'x':
      case L'X':
      case L'o':
        FormatInteger(spec, args, out);
        break;
      case L's':
      case L'S':
        FormatString(spec, args, out);
        break;
      case L'c':
      case L'C':
        FormatChar(spec, args, out);
        break;
      case L'p': {
        // Windows prints pointers as 16 upper-case hex digits, no prefix.
        // (push_back: g++ 12 under ASan sees a false -Wrestrict overlap in
        // assigning a literal here, which PORTRES_WERROR made fatal.)
        Spec pointer;
        pointer.flags.push_back('0');
        pointer.width = 16;
        out +=
            FormatNumber(pointer, "ll", 'X',
                         static_cast<unsigned long long>(
                             reinterpret_cast<uintptr_t>(va_arg(args, void*))));
        break;
      }
      case L'e':
      case L'E':
      case L'f':
      case L'F':
      case L'g':
      case L'G':
      case L'a':
      case L'A':
        out += FormatNumber(spec, "", static_cast<char>(spec.conversion),
                            va_arg(args, double));
        break;
      default:  // %n and unknown conversions print nothing, as the CRT's
        break;  // secure default does for %n
    }
  }
  va_end(args);
  std::string utf8;
  for (wchar_t c : out) AppendUtf8(static_cast<char32_t>(c), utf8);
  if (std::fwrite(utf8.data(), 1, utf8.size(), stdout) != utf8.size()) {
    return -1;
  }
  return static_cast<int>(out.size());
}

int _wtoi(const wchar_t* text) {
  if (text == nullptr) return 0;
  while (std::iswspace(static_cast<wint_t>(*text))) ++text;
  bool negative = false;
  if (*text == L'+' || *text == L'-') negative = *text++ == L'-';
  int64_t value = 0;
  for (; *text >= L'0' && *text <= L'9'; ++text) {
    value = value * 10 + (*text - L'0');
    if (value > int64_t{INT_MAX} + 1) break;  // clamped below
  }
  if (negative) value = -value;
  // The CRT's _wtoi saturates at INT_MAX / INT_MIN on overflow.
  if (value > INT_MAX) return INT_MAX;
  if (value < INT_MIN) return INT_MIN;
  return static_cast<int>(value);
}

}  // extern "C"
