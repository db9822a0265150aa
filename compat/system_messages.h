// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Windows' English message texts for the codes the compat headers define,
// behind FormatMessageA/W.

#ifndef PORTRES_COMPAT_SYSTEM_MESSAGES_H_
#define PORTRES_COMPAT_SYSTEM_MESSAGES_H_

#include <cstdint>

#include "absl/types/span.h"
#include "portres/export.h"

namespace portres::compat::internal {

struct SystemMessage {
  uint32_t code;
  const char* text;  // one sentence, ASCII, without the trailing CR LF
};

// Every known message, sorted by code.
PORTRES_COMPAT_API absl::Span<const SystemMessage> SystemMessages();

// The text of `code`, or nullptr when Windows has none in this table.
const char* FindSystemMessage(uint32_t code);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_SYSTEM_MESSAGES_H_
