// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Overlapped WSARecv requests waiting for data (docs §22, DP39): each is
// completed, in the order issued, by the change of the data path that makes
// its socket readable, or aborted (WSA_OPERATION_ABORTED) once its socket
// or process is gone.

#ifndef PORTRES_COMPAT_PENDING_RECEIVES_H_
#define PORTRES_COMPAT_PENDING_RECEIVES_H_

#include "compat/program_processes.h"

namespace portres::compat::internal {

// Under compat's lock, after a change of the data path: completes the
// pending receives that can now complete. True if one did (it took bytes:
// the data path changed again).
bool CompleteReadyReceives(ProgramProcesses& processes);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_PENDING_RECEIVES_H_
