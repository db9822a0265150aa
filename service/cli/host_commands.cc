// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// portres host start|stop|status|reboot, and owners.

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "portres/sim/shared_machine.h"
#include "service/cli/commands.h"
#include "service/endpoint.h"
#include "service/pid_file.h"
#include "service/server.h"

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

struct StartOptions {
  sim::service::ServerOptions server;
  bool foreground = false;
};

absl::StatusOr<StartOptions> ParseStart(const std::vector<std::string>& words,
                                        const Endpoint& e) {
  StartOptions o;
  o.server.socket_path = e.socket_path;
  o.server.pid_path = e.pid_path;
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
    } else if ((w == "--max-connections" ||
                w == "--max-connections-per-user") &&
               has_value) {
      int limit = 0;
      if (!absl::SimpleAtoi(words[++i], &limit) || limit < 1) {
        return absl::InvalidArgumentError(
            absl::StrCat(w, " needs a positive number"));
      }
      (w == "--max-connections" ? o.server.limits.max_connections
                                : o.server.limits.max_connections_per_user) =
          limit;
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

// Lets the group reach the socket inside the directory — only one this
// start created: an existing directory (`--host ./`, $HOME) is not the
// service's to open to a group. One already shared so is fine.
absl::Status ShareDirectory(const Endpoint& e, gid_t group, bool created) {
  if (group == static_cast<gid_t>(-1)) return absl::OkStatus();
  struct stat st;
  if (!created && ::stat(e.directory.c_str(), &st) == 0 &&
      st.st_gid == group && (st.st_mode & 07777) == 0710) {
    return absl::OkStatus();
  }
  if (!created) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--allow-group shares only a directory portres creates, and ",
        e.directory, " exists already: name a new directory, or share this ",
        "one yourself (chgrp ", group, " ", e.directory, "; chmod 0710 ",
        e.directory, ")"));
  }
  if (::chown(e.directory.c_str(), static_cast<uid_t>(-1), group) != 0 ||
      ::chmod(e.directory.c_str(), 0710) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot share ", e.directory, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// Why the last service stopped, if a fatal error stopped it.
void ReportLastStop(const Endpoint& e) {
  const sim::service::PidFile::Contents last =
      sim::service::PidFile::Read(e.pid_path);
  if (!last.stopped.empty()) {
    std::fprintf(stderr, "portres: machine %s's last service (pid %d) stopped: %s\n",
                 e.name.c_str(), last.pid, last.stopped.c_str());
  }
}

// Why a service that holds the pid file cannot be used: its socket file
// was removed, or it refused us (another release's protocol, its limits).
std::string WhySilent(const absl::Status& why) {
  return absl::IsUnavailable(why)
             ? "its socket file is gone or does not answer"
             : std::string(why.message());
}

// A service holds the machine's pid file but does not answer: say so, with
// its pid.
int HeldButSilent(const Endpoint& e, const absl::Status& why) {
  const pid_t pid = sim::service::PidFile::Read(e.pid_path).pid;
  return Fail(absl::StrCat("machine ", e.name, "'s service (pid ", pid,
                           ") still runs but does not answer at ",
                           e.socket_path, " (", WhySilent(why),
                           "): stop it with `kill ", pid,
                           "`, then start the machine again"));
}

// Runs the service in this process until a client asks it to stop.
// `ready` (a pipe, or -1) gets "ok" once it accepts connections, or the
// reason it could not start. The service holds the pid file's lock until
// this process exits (`host stop` waits for that).
int Serve(const StartOptions& o, int ready) {
  absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
      sim::service::Server::Start(o.server);
  if (!server.ok()) {
    const std::string why(server.status().message());
    if (ready >= 0) (void)!::write(ready, why.data(), why.size());
    return Fail(why);
  }
  if (ready >= 0) {
    (void)!::write(ready, "ok", 2);
    ::close(ready);
  }
  (*server)->Wait();
  (*server)->Stop();
  return 0;
}

// After a start that lost the race for the pid file: the winner's service
// answers within moments (two seconds allow for a large store).
bool AnswersSoon(const Endpoint& e) {
  for (int i = 0; i < 200; ++i) {
    if (sim::ConnectSharedMachine(e.name).ok()) return true;
    if (!sim::service::PidFile::Held(e.pid_path)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

int AlreadyRuns(const Endpoint& e) {
  std::printf("portres: machine %s already runs (pid %d)\n", e.name.c_str(),
              sim::service::PidFile::Read(e.pid_path).pid);
  return 0;
}

int Start(const std::vector<std::string>& words, const Endpoint& e) {
  absl::StatusOr<StartOptions> o = ParseStart(words, e);
  if (!o.ok()) return Fail(o.status(), 2);
  absl::StatusOr<bool> created = sim::service::PrepareDirectory(e);
  if (!created.ok()) return Fail(created.status());
  if (absl::Status s = ShareDirectory(e, o->server.shared_group, *created);
      !s.ok()) {
    return Fail(s);
  }
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> running =
      sim::ConnectSharedMachine(e.name);
  if (running.ok()) return AlreadyRuns(e);
  if (sim::service::PidFile::Held(e.pid_path)) {
    // Another start is under way, or a service runs that we cannot reach.
    if (AnswersSoon(e)) return AlreadyRuns(e);
    return HeldButSilent(e, running.status());
  }
  ReportLastStop(e);
  if (o->foreground) return Serve(*o, -1);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Fail("pipe failed");
  const pid_t child = ::fork();
  if (child < 0) return Fail("fork failed");
  if (child == 0) {
    ::close(pipe_fds[0]);
    ::setsid();
    const int null = ::open("/dev/null", O_RDONLY);
    const int log = ::open(e.log_path.c_str(),
                           O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (null >= 0) ::dup2(null, 0);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    ::_exit(Serve(*o, pipe_fds[1]));
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
    // Another start got the pid file first: its service is ours too.
    if (sim::service::PidFile::Held(e.pid_path) && AnswersSoon(e)) {
      return AlreadyRuns(e);
    }
    return Fail(answer.empty() ? std::string("the service died starting")
                               : answer);
  }
  std::printf("portres: machine %s started (pid %d, socket %s)\n",
              e.name.c_str(), child, e.socket_path.c_str());
  return 0;
}

int Stop(const Endpoint& e) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(e.name);
  if (!machine.ok()) {
    if (sim::service::PidFile::Held(e.pid_path)) {
      return HeldButSilent(e, machine.status());
    }
    std::printf("portres: machine %s is not running\n", e.name.c_str());
    return 0;
  }
  if (absl::Status s = (*machine)->Shutdown(); !s.ok()) return Fail(s);
  machine->reset();
  // Returns once the service has exited (the kernel drops its lock on the
  // pid file), so a start right after is a reboot.
  for (int i = 0; i < 1000 && sim::service::PidFile::Held(e.pid_path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::printf("portres: machine %s stopped\n", e.name.c_str());
  return 0;
}

int Status(const Endpoint& e) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(e.name);
  const sim::service::PidFile::Contents pid_file =
      sim::service::PidFile::Read(e.pid_path);
  if (!machine.ok()) {
    if (sim::service::PidFile::Held(e.pid_path)) {
      std::printf("machine %s: runs (pid %d) but does not answer: %s\n",
                  e.name.c_str(), pid_file.pid,
                  WhySilent(machine.status()).c_str());
    } else {
      std::printf("machine %s: not running\n", e.name.c_str());
      if (!pid_file.stopped.empty()) {
        std::printf("last stop: %s\n", pid_file.stopped.c_str());
      }
    }
    std::printf("socket:  %s\nstore:   %s\n", e.socket_path.c_str(),
                e.store_path.c_str());
    // 3: not running; 1: a service runs that cannot be used.
    return sim::service::PidFile::Held(e.pid_path) ? 1 : 3;
  }
  std::printf(
      "machine %s: running (pid %d)\nprofile: %s\nsocket:  %s\nstore:   %s\n"
      "you:     process %u, %s\n",
      e.name.c_str(), pid_file.pid, (*machine)->profile().c_str(),
      e.socket_path.c_str(), e.store_path.c_str(), (*machine)->pid(),
      (*machine)->elevated() ? "elevated" : "not elevated");
  return 0;
}

int Reboot(const Endpoint& e) {
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> machine =
      sim::ConnectSharedMachine(e.name);
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
