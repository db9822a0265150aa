// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/types.h"

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace portres {

std::string ToString(Protocol protocol) {
  return protocol == Protocol::kTcp ? "tcp" : "udp";
}

std::string ToString(const PortRange& range) {
  if (range.start == 0) return absl::StrCat("any ", range.count);
  if (range.count == 0) return absl::StrCat(range.start, "+0");
  return absl::StrCat(range.start, "-", range.last());
}

std::string ToString(Token token) {
  return absl::StrCat("token:", token.value());
}

namespace {

std::string FormatIpv4(const uint8_t* b) {
  return absl::StrCat(b[0], ".", b[1], ".", b[2], ".", b[3]);
}

// RFC 5952: lower-case hex, the longest run of two or more zero groups as
// "::" (the first of equal runs), IPv4-mapped and IPv4-compatible addresses
// with a dotted quad.
std::string FormatIpv6(const std::array<uint8_t, 16>& b) {
  bool zero_prefix = true;  // the first 12 bytes are zero
  for (int i = 0; i < 12; ++i) zero_prefix = zero_prefix && b[i] == 0;
  const bool mapped_prefix = [&] {
    for (int i = 0; i < 10; ++i) {
      if (b[i] != 0) return false;
    }
    return b[10] == 0xff && b[11] == 0xff;
  }();
  if (mapped_prefix) return "::ffff:" + FormatIpv4(&b[12]);
  if (zero_prefix && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1)) {
    return "::" + FormatIpv4(&b[12]);
  }
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) {
    groups[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  }
  int best_start = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) best_start = i, best_len = j - i;
    i = j == i ? i + 1 : j;
  }
  std::string text;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      text += "::";
      i += best_len - 1;
      continue;
    }
    if (!text.empty() && text.back() != ':') text += ':';
    char group[5];
    std::snprintf(group, sizeof(group), "%x", groups[i]);
    text += group;
  }
  return text;
}

}  // namespace

std::string ToString(const IpAddress& address) {
  return address.family == AddressFamily::kInet ? FormatIpv4(address.bytes.data())
                                                : FormatIpv6(address.bytes);
}

std::string ToString(SocketOption option) {
  switch (option) {
    case SocketOption::kReuseAddress:
      return "SO_REUSEADDR";
    case SocketOption::kExclusiveAddressUse:
      return "SO_EXCLUSIVEADDRUSE";
    case SocketOption::kIpv6Only:
      return "IPV6_V6ONLY";
    case SocketOption::kCpuAffinity:
      return "SIO_CPU_AFFINITY";
  }
  return "option?";
}

std::ostream& operator<<(std::ostream& os, const IpAddress& address) {
  return os << ToString(address);
}
std::ostream& operator<<(std::ostream& os, SocketOption option) {
  return os << ToString(option);
}

std::ostream& operator<<(std::ostream& os, Protocol protocol) {
  return os << ToString(protocol);
}
std::ostream& operator<<(std::ostream& os, const PortRange& range) {
  return os << ToString(range);
}
std::ostream& operator<<(std::ostream& os, const Token& token) {
  return os << ToString(token);
}
std::ostream& operator<<(std::ostream& os, const Reservation& reservation) {
  return os << reservation.range << " " << reservation.token;
}

}  // namespace portres
