// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Where a named shared machine lives: its socket, store, pid file, log and
// start lock.
//
// A plain name ("ci-job-7": letters, digits, '.', '_', '-', at most 64)
// lives in the caller's private directory: $XDG_RUNTIME_DIR/portres when
// set, else /tmp/portres-<uid>, created with mode 0700 and refused if it
// belongs to another user or others may write to it. A name with a '/' is
// a directory of its own (created likewise), so parallel jobs can also keep
// machines in their work trees.
//
// Thread safety: pure functions (PrepareDirectory touches the file system).

#ifndef PORTRES_SERVICE_ENDPOINT_H_
#define PORTRES_SERVICE_ENDPOINT_H_

#include <sys/types.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "portres/export.h"

namespace portres::sim::service {

inline constexpr char kHostVariable[] = "PORTRES_SIM_HOST";

struct Endpoint {
  std::string name;         // as given
  std::string directory;    // holds the files below
  std::string socket_path;  // the service's Unix socket
  std::string store_path;   // persistent reservations, dynamic ranges
  std::string pid_path;     // locked by the running service (pid_file.h)
  std::string log_path;     // the service's messages
  // The caller's own per-user directory (a plain name), which must belong
  // to the caller; a named directory may belong to whoever shares it.
  bool private_directory = false;
};

// `name` empty: $PORTRES_SIM_HOST; neither: FAILED_PRECONDITION.
PORTRES_HOST_SERVICE_API absl::StatusOr<Endpoint> ResolveEndpoint(
    absl::string_view name);

// Creates the directory (0700) if needed and checks that it is the
// caller's own and not writable by others. True if it created it.
PORTRES_HOST_SERVICE_API absl::StatusOr<bool> PrepareDirectory(
    const Endpoint& endpoint);

// What a client checks before it trusts a socket in `directory`: that it is
// a directory (not a symbolic link) that neither its group nor others may
// write, so only its owner could have put the socket there, and, with
// `must_be_mine`, that its owner is the caller. Returns the owner's uid;
// PERMISSION_DENIED naming what is wrong.
PORTRES_HOST_SERVICE_API absl::StatusOr<uid_t> CheckEndpointDirectory(
    const std::string& directory, bool must_be_mine);

}  // namespace portres::sim::service

#endif  // PORTRES_SERVICE_ENDPOINT_H_
