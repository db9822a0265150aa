// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// portres host start|stop|status|reboot, and owners.

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portres/sim/shared_machine.h"
#include "sim/service/cli/commands.h"
#include "sim/service/endpoint.h"
#include "sim/service/server.h"

namespace portres::cli {
namespace {

using sim::service::Endpoint;

int Fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "portres: %s\n", message.c_str());
  return code;
}

int Fail(const absl::Status& status, int code = 1) {
  return Fail(std::string(status.message()), code);
}

absl::StatusOr<gid_t> GroupId(const std::string& name) {
  gid_t gid = 0;
  if (absl::SimpleAtoi(name, &gid)) return gid;
  if (const group* g = ::getgrnam(name.c_str())) return g->gr_gid;
  return absl::InvalidArgumentError(absl::StrCat("no group named ", name));
}

pid_t ReadPid(const Endpoint& e) {
  std::ifstream in(e.pid_path);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

struct StartOptions {
  sim::service::ServerOptions server;
  bool foreground = false;
};

absl::StatusOr<StartOptions> ParseStart(const std::vector<std::string>& words,
                                        const Endpoint& e) {
  StartOptions o;
  o.server.socket_path = e.socket_path;
  o.server.store_path = e.store_path;
  if (const char* profile = std::getenv("PORTRES_SIM_PROFILE")) {
    if (*profile != '\0') o.server.profile = profile;
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const bool has_value = i + 1 < words.size();
    if (w == "--foreground") {
      o.foreground = true;
    } else if (w == "--profile" && has_value) {
      o.server.profile = words[++i];
    } else if (w == "--seed" && has_value) {
      if (!absl::SimpleAtoi(words[++i], &o.server.seed)) {
        return absl::InvalidArgumentError("--seed needs a number");
      }
    } else if ((w == "--elevated-group" || w == "--allow-group") &&
               has_value) {
      absl::StatusOr<gid_t> gid = GroupId(words[++i]);
      if (!gid.ok()) return gid.status();
      if (w == "--allow-group") {
        o.server.shared_group = *gid;
      } else {
        o.server.elevated_groups.push_back(*gid);
      }
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("host start: unknown or incomplete option \"", w,
                       "\" (see portres --help)"));
    }
  }
  return o;
}

// Lets the group reach the socket inside the private directory.
absl::Status ShareDirectory(const Endpoint& e, gid_t group) {
  if (group == static_cast<gid_t>(-1)) return absl::OkStatus();
  if (::chown(e.directory.c_str(), static_cast<uid_t>(-1), group) != 0 ||
      ::chmod(e.directory.c_str(), 0710) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot share ", e.directory, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// Runs the service in this process until a client asks it to stop.
// `ready` (a pipe, or -1) gets "ok" once it accepts connections, or the
// reason it could not start; `lock` (or -1), the start lock, is let go then.
int Serve(const StartOptions& o, const Endpoint& e, int ready, int lock) {
  absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
      sim::service::Server::Start(o.server);
  if (!server.ok()) {
    const std::string why(server.status().message());
    if (ready >= 0) (void)!::write(ready, why.data(), why.size());
    return Fail(why);
  }
  // The pid file stays locked while this process lives: `host stop` waits
  // for the lock, which the kernel drops when the process exits (a zombie's
  // pid would still answer kill(pid, 0)).
  const int pid_fd =
      ::open(e.pid_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (pid_fd >= 0) {
    (void)::flock(pid_fd, LOCK_EX);
    const std::string pid = absl::StrCat(::getpid(), "\n");
    (void)!::write(pid_fd, pid.data(), pid.size());
  }
  if (lock >= 0) ::close(lock);
  if (ready >= 0) {
    (void)!::write(ready, "ok", 2);
    ::close(ready);
  }
  (*server)->Wait();
  (*server)->Stop();
  ::unlink(e.pid_path.c_str());
  return 0;
}

int Start(const std::vector<std::string>& words, const Endpoint& e) {
  absl::StatusOr<StartOptions> o = ParseStart(words, e);
  if (!o.ok()) return Fail(o.status(), 2);
  if (absl::Status s = sim::service::PrepareDirectory(e); !s.ok()) {
    return Fail(s);
  }
  if (absl::Status s = ShareDirectory(e, o->server.shared_group); !s.ok()) {
    return Fail(s);
  }
  // The lock file serialises starts: held until the service accepts
  // connections (the service itself drops its copy), so a second start
  // finds the first one's service and does nothing.
  const int lock = ::open(e.lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC,
                          0600);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
    return Fail(absl::StrCat("cannot lock ", e.lock_path, ": ",
                             std::strerror(errno)));
  }
  if (sim::ConnectSharedMachineAt(e.socket_path).ok()) {
    std::printf("portres: machine %s already runs (pid %d)\n", e.name.c_str(),
                ReadPid(e));
    return 0;
  }
  if (o->foreground) return Serve(*o, e, -1, lock);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Fail("pipe failed");
  const pid_t child = ::fork();
  if (child < 0) return Fail("fork failed");
  if (child == 0) {
    ::close(pipe_fds[0]);
    ::close(lock);
    ::setsid();
    const int null = ::open("/dev/null", O_RDONLY);
    const int log = ::open(e.log_path.c_str(),
                           O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (null >= 0) ::dup2(null, 0);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    ::_exit(Serve(*o, e, pipe_fds[1], -1));
  }
  ::close(pipe_fds[1]);
  std::string answer;
  char buffer[512];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0 ||
         (n < 0 && errno == EINTR)) {
    if (n > 0) answer.append(buffer, static_cast<size_t>(n));
  }
  if (answer != "ok") {
    return Fail(answer.empty() ? std::string("the service died starting")
                               : answer);
  }
  std::printf("portres: machine %s started (pid %d, socket %s)\n",
              e.name.c_str(), child, e.socket_path.c_str());
  return 0;
}

int Stop(const Endpoint& e) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachineAt(e.socket_path);
  if (!machine.ok()) {
    std::printf("portres: machine %s is not running\n", e.name.c_str());
    return 0;
  }
  const int pid_fd = ::open(e.pid_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (absl::Status s = (*machine)->Shutdown(); !s.ok()) return Fail(s);
  machine->reset();
  // Returns once the service has exited (its lock on the pid file is
  // gone), so a start right after is a reboot.
  for (int i = 0; i < 1000 && pid_fd >= 0 && ::flock(pid_fd, LOCK_SH | LOCK_NB) != 0;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (pid_fd >= 0) ::close(pid_fd);
  std::printf("portres: machine %s stopped\n", e.name.c_str());
  return 0;
}

int Status(const Endpoint& e) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachineAt(e.socket_path);
  if (!machine.ok()) {
    std::printf("machine %s: not running\nsocket:  %s\nstore:   %s\n",
                e.name.c_str(), e.socket_path.c_str(), e.store_path.c_str());
    return 3;
  }
  std::printf(
      "machine %s: running (pid %d)\nprofile: %s\nsocket:  %s\nstore:   %s\n"
      "you:     process %u, %s\n",
      e.name.c_str(), ReadPid(e), (*machine)->profile().c_str(),
      e.socket_path.c_str(), e.store_path.c_str(), (*machine)->pid(),
      (*machine)->elevated() ? "elevated" : "not elevated");
  return 0;
}

int Reboot(const Endpoint& e) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachineAt(e.socket_path);
  if (!machine.ok()) return Fail(machine.status());
  if (absl::Status s = (*machine)->Reboot(); !s.ok()) return Fail(s);
  std::printf("portres: machine %s rebooted\n", e.name.c_str());
  return 0;
}

}  // namespace

int RunHost(const std::vector<std::string>& words, const std::string& host) {
  if (words.empty()) {
    return Fail("host needs start, stop, status or reboot", 2);
  }
  absl::StatusOr<Endpoint> e = sim::service::ResolveEndpoint(host);
  if (!e.ok()) return Fail(e.status(), 2);
  const std::string& verb = words.front();
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  if (verb == "start") return Start(rest, *e);
  if (!rest.empty()) return Fail(absl::StrCat("host ", verb, " takes no options"), 2);
  if (verb == "stop") return Stop(*e);
  if (verb == "status") return Status(*e);
  if (verb == "reboot") return Reboot(*e);
  return Fail(absl::StrCat("unknown host command \"", verb, "\""), 2);
}

int RunOwners(const std::vector<std::string>& words, const std::string& host) {
  if (!words.empty()) return Fail("owners takes no arguments", 2);
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(host);
  if (!machine.ok()) return Fail(machine.status());
  absl::StatusOr<std::string> table = (*machine)->Owners();
  if (!table.ok()) return Fail(table.status());
  std::fputs(table->c_str(), stdout);
  return 0;
}

}  // namespace portres::cli
