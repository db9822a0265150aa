// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: status_matchers.h
//
// GoogleTest matchers for portres statuses, for users' own tests (CMake
// target portres::testkit). Debian's Abseil (20220623) has no
// status_matchers.h, so these are ours; a failure names the Windows code it
// wanted and prints the status it got, e.g.
//   Expected: fails with WSAEACCES (10013)
//     Actual: ... status is WSAEADDRINUSE (10048): ...
//
// Example:
//   using portres::testkit::HasWindowsCode;
//   EXPECT_THAT(ports->Bind(s, portres::kIpv4Any, 80),
//               HasWindowsCode(portres::kWsaEAcces));
//   ASSERT_THAT(ports->CloseSocket(s), portres::testkit::IsOk());
//
// Thread safety: matchers are values; use them as GoogleTest allows.

#ifndef PORTRES_TESTING_STATUS_MATCHERS_H_
#define PORTRES_TESTING_STATUS_MATCHERS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "portres/status.h"
#include "portres/windows_codes.h"

namespace portres::testkit {

// The status of a Status or StatusOr.
inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
// The status of a StatusOr.
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& result) {
  return result.status();
}

// "WSAEACCES (10013)", or the bare number for a code portres does not know.
inline std::string DescribeCode(uint32_t code) {
  const WindowsCodeInfo* info = FindWindowsCode(code);
  return info != nullptr
             ? std::string(info->name) + " (" + std::to_string(code) + ")"
             : std::to_string(code);
}

// Matches an OK Status or StatusOr.
MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

// Matches a failed Status or StatusOr whose Windows payload is `code`.
MATCHER_P(HasWindowsCode, code,
          std::string(negation ? "does not fail with " : "fails with ") +
              DescribeCode(code)) {
  const absl::Status& status = GetStatus(arg);
  std::optional<uint32_t> actual = WindowsErrorCode(status);
  if (status.ok()) {
    *result_listener << "status is OK";
    return false;
  }
  *result_listener << "status is " << status;
  return actual.has_value() && *actual == static_cast<uint32_t>(code);
}

// Matches a failed Status or StatusOr with canonical code `code`.
MATCHER_P(StatusIs, code,
          "has canonical code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_STATUS_MATCHERS_H_
