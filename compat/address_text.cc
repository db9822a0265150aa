// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// IP address text conversions with Windows' family numbers and error
// codes: InetPton/InetNtop (inet_pton/inet_ntop), inet_addr, inet_ntoa, and
// the in6addr_* constants.

#include <array>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "portres/types.h"
#include "ws2tcpip.h"

extern "C" {
const IN6_ADDR in6addr_any = IN6ADDR_ANY_INIT;
const IN6_ADDR in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
const IN6_ADDR in6addr_v4mappedprefix = IN6ADDR_V4MAPPEDPREFIX_INIT;
}

namespace {

// Strict dotted decimal: four parts of 1-3 digits, each at most 255.
std::optional<IN_ADDR> ParseDottedQuad(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 4) return std::nullopt;
  IN_ADDR address;
  for (int i = 0; i < 4; ++i) {
    uint32_t value;
    if (parts[i].empty() || parts[i].size() > 3 ||
        !absl::c_all_of(parts[i], absl::ascii_isdigit) ||
        !absl::SimpleAtoi(parts[i], &value) || value > 255) {
      return std::nullopt;
    }
    reinterpret_cast<UCHAR*>(&address)[i] = static_cast<UCHAR>(value);
  }
  return address;
}

// Up to eight groups of 1-4 hex digits, at most one "::", and an optional
// dotted quad in the last 32 bits.
std::optional<IN6_ADDR> ParseIpv6(absl::string_view text) {
  IN6_ADDR address = {};
  uint8_t head[16], tail[16];
  int head_len = 0, tail_len = 0;
  bool compressed = false;
  const size_t gap = text.find("::");
  absl::string_view before = text, after;
  if (gap != absl::string_view::npos) {
    compressed = true;
    before = text.substr(0, gap);
    after = text.substr(gap + 2);
    if (after.find("::") != absl::string_view::npos) return std::nullopt;
  }
  // Parses one side's groups into `out`; false on any malformed group.
  auto parse_side = [](absl::string_view side, uint8_t* out, int& len,
                       bool may_end_in_quad) {
    if (side.empty()) return true;
    std::vector<absl::string_view> groups = absl::StrSplit(side, ':');
    for (size_t i = 0; i < groups.size(); ++i) {
      absl::string_view group = groups[i];
      if (may_end_in_quad && i + 1 == groups.size() &&
          group.find('.') != absl::string_view::npos) {
        std::optional<IN_ADDR> quad = ParseDottedQuad(group);
        if (!quad || len + 4 > 16) return false;
        std::memcpy(out + len, &*quad, 4);
        len += 4;
        continue;
      }
      uint32_t value = 0;
      if (group.empty() || group.size() > 4 ||
          !absl::c_all_of(group, absl::ascii_isxdigit) ||
          !absl::SimpleHexAtoi(group, &value) || len + 2 > 16) {
        return false;
      }
      out[len++] = static_cast<uint8_t>(value >> 8);
      out[len++] = static_cast<uint8_t>(value);
    }
    return true;
  };
  if (!parse_side(before, head, head_len, !compressed) ||
      !parse_side(after, tail, tail_len, true)) {
    return std::nullopt;
  }
  if (compressed ? head_len + tail_len > 14 : head_len != 16) {
    return std::nullopt;
  }
  std::memcpy(address.u.Byte, head, head_len);
  std::memcpy(address.u.Byte + 16 - tail_len, tail, tail_len);
  return address;
}

std::string FormatIpv4(const UCHAR* b) {
  return portres::ToString(portres::IpAddress::V4(b[0], b[1], b[2], b[3]));
}

std::string FormatIpv6(const IN6_ADDR& address) {
  std::array<uint8_t, 16> bytes;
  std::memcpy(bytes.data(), address.u.Byte, 16);
  return portres::ToString(portres::IpAddress::V6(bytes));
}

std::string Narrow(PCWSTR text) {
  std::string narrow;
  for (; *text != 0; ++text) {
    // Addresses are ASCII; anything else can only make the text invalid.
    narrow += *text < 0x80 ? static_cast<char>(*text) : '\x01';
  }
  return narrow;
}

INT PtonNarrow(INT family, PCSTR text, PVOID buffer) {
  if (family != AF_INET && family != AF_INET6) {
    WSASetLastError(WSAEAFNOSUPPORT);
    return -1;
  }
  if (text == nullptr || buffer == nullptr) {
    WSASetLastError(WSAEFAULT);
    return -1;
  }
  if (family == AF_INET) {
    std::optional<IN_ADDR> address = ParseDottedQuad(text);
    if (!address) return 0;
    std::memcpy(buffer, &*address, sizeof(*address));
  } else {
    std::optional<IN6_ADDR> address = ParseIpv6(text);
    if (!address) return 0;
    std::memcpy(buffer, &*address, sizeof(*address));
  }
  return 1;
}

// The text of the address, or nullptr with the last error set.
std::optional<std::string> NtopText(INT family, const VOID* address) {
  if (family != AF_INET && family != AF_INET6) {
    WSASetLastError(WSAEAFNOSUPPORT);
    return std::nullopt;
  }
  if (address == nullptr) {
    WSASetLastError(ERROR_INVALID_PARAMETER);
    return std::nullopt;
  }
  if (family == AF_INET) return FormatIpv4(static_cast<const UCHAR*>(address));
  IN6_ADDR copy;
  std::memcpy(&copy, address, sizeof(copy));
  return FormatIpv6(copy);
}

template <typename Char>
const Char* NtopInto(INT family, const VOID* address, Char* buffer,
                     size_t size) {
  std::optional<std::string> text = NtopText(family, address);
  if (!text) return nullptr;
  if (buffer == nullptr || size < text->size() + 1) {
    WSASetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  for (size_t i = 0; i <= text->size(); ++i) {
    buffer[i] = static_cast<Char>((*text)[i]);
  }
  return buffer;
}

// inet_addr's numbers: decimal, octal with a leading 0, hex with 0x.
std::optional<uint32_t> ParseInetAddrPart(absl::string_view part) {
  int base = 10;
  if (part.size() > 1 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    base = 16;
    part.remove_prefix(2);
  } else if (part.size() > 1 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  if (part.empty() && base != 8) return std::nullopt;
  uint64_t value = 0;
  for (char c : part) {
    int digit;
    if (absl::ascii_isdigit(c)) {
      digit = c - '0';
    } else if (base == 16 && absl::ascii_isxdigit(c)) {
      digit = absl::ascii_tolower(c) - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (digit >= base) return std::nullopt;
    value = value * base + digit;
    if (value > 0xffffffffu) return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

}  // namespace

extern "C" {

INT InetPtonA(INT family, PCSTR text, PVOID buffer) {
  return PtonNarrow(family, text, buffer);
}

INT InetPtonW(INT family, PCWSTR text, PVOID buffer) {
  if (text == nullptr) return PtonNarrow(family, nullptr, buffer);
  return PtonNarrow(family, Narrow(text).c_str(), buffer);
}

PCSTR InetNtopA(INT family, const VOID* address, PSTR buffer, size_t size) {
  return NtopInto(family, address, buffer, size);
}

PCWSTR InetNtopW(INT family, const VOID* address, PWSTR buffer, size_t size) {
  return NtopInto(family, address, buffer, size);
}

ULONG portres_inet_addr(const char* cp) {
  if (cp == nullptr || *cp == '\0') return INADDR_NONE;
  std::vector<absl::string_view> parts = absl::StrSplit(cp, '.');
  if (parts.size() > 4) return INADDR_NONE;
  uint32_t values[4];
  for (size_t i = 0; i < parts.size(); ++i) {
    std::optional<uint32_t> value = ParseInetAddrPart(parts[i]);
    if (!value) return INADDR_NONE;
    values[i] = *value;
  }
  // Every part but the last is one byte; the last fills what is left.
  uint32_t host = 0;
  const size_t last = parts.size() - 1;
  for (size_t i = 0; i < last; ++i) {
    if (values[i] > 255) return INADDR_NONE;
    host |= values[i] << (24 - 8 * i);
  }
  const int last_bits = 32 - 8 * static_cast<int>(last);
  if (last_bits < 32 && values[last] >> last_bits != 0) return INADDR_NONE;
  host |= values[last];
  return htonl(host);
}

char* portres_inet_ntoa(struct in_addr in) {
  thread_local char text[16];
  const std::string formatted =
      FormatIpv4(reinterpret_cast<const UCHAR*>(&in));
  std::memcpy(text, formatted.c_str(), formatted.size() + 1);
  return text;
}

}  // extern "C"
