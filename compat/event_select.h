// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSAEventSelect's recording of network events (docs §22, DP33).

#ifndef PORTRES_COMPAT_EVENT_SELECT_H_
#define PORTRES_COMPAT_EVENT_SELECT_H_

#include "compat/program_processes.h"

namespace portres::compat::internal {

class WinsockCall;

// Records, for every socket given to WSAEventSelect, the selected network
// events whose condition now holds and whose recording is enabled, and
// signals their event objects. Called after every change of the data path.
void RecordNetworkEvents(ProgramProcesses& processes);

// The call that re-enables `events` on `socket` was made (even if it
// failed); a condition that still holds is recorded again.
void Reenable(WinsockCall& call, WinsockSocket& socket, long events);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_EVENT_SELECT_H_
