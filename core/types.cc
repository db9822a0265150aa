// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/types.h"

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
