// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/status.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portres/windows_codes.h"

namespace portres {

absl::Status WindowsError(uint32_t code, absl::string_view context) {
  const WindowsCodeInfo* info = FindWindowsCode(code);
  absl::StatusCode canonical =
      info != nullptr ? info->canonical : absl::StatusCode::kUnknown;
  if (canonical == absl::StatusCode::kOk)
    canonical = absl::StatusCode::kUnknown;
  std::string message = info != nullptr
                            ? absl::StrCat(context, ": ", info->name, " (",
                                           code, "): ", info->message)
                            : absl::StrCat(context, ": Windows error ", code);
  absl::Status status(canonical, message);
  status.SetPayload(kWindowsErrorPayloadUrl, absl::Cord(absl::StrCat(code)));
  return status;
}

std::optional<uint32_t> WindowsErrorCode(const absl::Status& status) {
  if (status.ok()) return kNoError;
  auto payload = status.GetPayload(kWindowsErrorPayloadUrl);
  uint32_t code = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &code)) {
    return std::nullopt;
  }
  return code;
}

}  // namespace portres
