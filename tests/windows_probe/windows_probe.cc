// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Windows probe: one small scenario per decision row (U1-U28) and per
// observed row (O4-O13) of docs/windows-semantics.md, each recording what
// this machine answers, written as a report (tests/windows_reports/README.md
// has the format). It is plain Win32 code: built for Windows it asks the
// real API (the Windows workflow keeps its report as an artifact; under
// Wine every reservation row reads "unsupported"); built on Linux against
// portres::compat it asks the simulator, and windows_reports_test compares
// the two row by row. Everything a scenario creates it removes again:
// sockets closed, persistent reservations deleted.
//
// Usage: windows_probe [--output FILE]

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <windows.h>
#include <iphlpapi.h>
// clang-format on

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

// ---- The calls, each returning 0 or the Windows code ----

int LastError() { return WSAGetLastError(); }

SOCKET Open(int family, int type) {
  return socket(family, type, type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
}

int Acquire(SOCKET s, USHORT start, USHORT count,
            INET_PORT_RESERVATION_INSTANCE* out, DWORD* bytes,
            DWORD in_size = sizeof(INET_PORT_RANGE),
            DWORD out_size = sizeof(INET_PORT_RESERVATION_INSTANCE)) {
  INET_PORT_RANGE range = {htons(start), count};
  *bytes = 0xFFFF;  // shows whether the call wrote it
  return WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, in_size, out,
                  out_size, bytes, nullptr, nullptr) == 0
             ? 0
             : LastError();
}

int TokenIoctl(SOCKET s, DWORD code, ULONG64 token, DWORD out_size = 0,
               DWORD* bytes_out = nullptr) {
  DWORD bytes = 0xFFFF;
  char out[16] = {};
  const int rc = WSAIoctl(s, code, &token, sizeof(token),
                          out_size ? out : nullptr, out_size, &bytes, nullptr,
                          nullptr) == 0
                     ? 0
                     : LastError();
  if (bytes_out != nullptr) *bytes_out = bytes;
  return rc;
}
int Associate(SOCKET s, ULONG64 token) {
  return TokenIoctl(s, SIO_ASSOCIATE_PORT_RESERVATION, token);
}
int Release(SOCKET s, ULONG64 token) {
  return TokenIoctl(s, SIO_RELEASE_PORT_RESERVATION, token);
}

// bind() to 0.0.0.0:port (or `address`); `*got` is the port bound.
int BindV4(SOCKET s, USHORT port, USHORT* got = nullptr,
           ULONG address = INADDR_ANY) {
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(address);
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    return LastError();
  }
  if (got != nullptr) {
    int length = sizeof(a);
    getsockname(s, reinterpret_cast<sockaddr*>(&a), &length);
    *got = ntohs(a.sin_port);
  }
  return 0;
}

int SetFlag(SOCKET s, int level, int name, DWORD value) {
  return setsockopt(s, level, name, reinterpret_cast<const char*>(&value),
                    sizeof(value)) == 0
             ? 0
             : LastError();
}

// The persistent functions, resolved at run time: Wine lacks them, and so
// does the simulator under its `wine-8` profile.
using CreateOrLookupFn = ULONG(WINAPI*)(USHORT, USHORT, PULONG64);
using DeleteFn = ULONG(WINAPI*)(USHORT, USHORT);
struct Persistent {
  CreateOrLookupFn create = nullptr;
  DeleteFn remove = nullptr;
  CreateOrLookupFn lookup = nullptr;
};
Persistent LoadPersistentTcp() {
  Persistent p;
  HMODULE module =
      LoadLibraryExW(L"iphlpapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
  if (module == nullptr) return p;
  p.create = reinterpret_cast<CreateOrLookupFn>(reinterpret_cast<void*>(
      GetProcAddress(module, "CreatePersistentTcpPortReservation")));
  p.remove = reinterpret_cast<DeleteFn>(reinterpret_cast<void*>(
      GetProcAddress(module, "DeletePersistentTcpPortReservation")));
  p.lookup = reinterpret_cast<CreateOrLookupFn>(reinterpret_cast<void*>(
      GetProcAddress(module, "LookupPersistentTcpPortReservation")));
  return p;
}

// ---- The report ----

class Report {
 public:
  void Add(const std::string& row, const std::string& result) {
    lines_.push_back(row + " " + result);
  }
  std::string Text() const {
    std::string text;
    for (const std::string& line : lines_) text += line + "\n";
    return text;
  }

 private:
  std::vector<std::string> lines_;
};

std::string Code(int code) { return "code=" + std::to_string(code); }

// Sockets and persistent blocks a scenario made, removed when it ends.
class Scenario {
 public:
  explicit Scenario(const Persistent& persistent) : persistent_(persistent) {}
  ~Scenario() {
    for (SOCKET s : sockets_) closesocket(s);
    for (auto [start, count] : created_) persistent_.remove(htons(start), count);
  }
  SOCKET Udp() { return Keep(Open(AF_INET, SOCK_DGRAM)); }
  SOCKET Tcp() { return Keep(Open(AF_INET, SOCK_STREAM)); }
  SOCKET Udp6() { return Keep(Open(AF_INET6, SOCK_DGRAM)); }
  SOCKET Keep(SOCKET s) {
    sockets_.push_back(s);
    return s;
  }
  // Closes `s` now (its reservations go with it).
  void Close(SOCKET s) {
    for (SOCKET& kept : sockets_) {
      if (kept == s) kept = INVALID_SOCKET;
    }
    closesocket(s);
  }
  // CreatePersistentTcpPortReservation, deleted at the end if it worked.
  int Create(USHORT start, USHORT count, ULONG64* token) {
    if (persistent_.create == nullptr) return ERROR_NOT_SUPPORTED;
    const ULONG rc = persistent_.create(htons(start), count, token);
    if (rc == 0) created_.push_back({start, count});
    return static_cast<int>(rc);
  }
  int Delete(USHORT start, USHORT count) {
    if (persistent_.remove == nullptr) return ERROR_NOT_SUPPORTED;
    const ULONG rc = persistent_.remove(htons(start), count);
    if (rc == 0) {
      for (auto& c : created_) {
        if (c.first == start && c.second == count) c = {0, 0};
      }
    }
    return static_cast<int>(rc);
  }

 private:
  const Persistent& persistent_;
  std::vector<SOCKET> sockets_;
  std::vector<std::pair<USHORT, USHORT>> created_;
};

// A block of `count` ports free in both protocols right now: a wildcard UDP
// block that TCP can also take, both released again. 0 if none.
USHORT FreeWindow(USHORT count) {
  SOCKET udp = Open(AF_INET, SOCK_DGRAM), tcp = Open(AF_INET, SOCK_STREAM);
  INET_PORT_RESERVATION_INSTANCE a = {}, b = {};
  DWORD bytes;
  USHORT start = 0;
  if (Acquire(udp, 0, count, &a, &bytes) == 0 &&
      Acquire(tcp, ntohs(a.Reservation.StartPort), count, &b, &bytes) == 0) {
    start = ntohs(a.Reservation.StartPort);
  }
  closesocket(udp);
  closesocket(tcp);
  return start;
}

}  // namespace

int main(int argc, char** argv) {
  const char* output = nullptr;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--output") == 0) output = argv[i + 1];
  }
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
    std::fprintf(stderr, "WSAStartup failed\n");
    return 1;
  }
  Report report;
  report.Add("probe", "version=1");
  OSVERSIONINFOEXW version = {};
  version.dwOSVersionInfoSize = sizeof(version);
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOEXW*);
  auto rtl_get_version = reinterpret_cast<RtlGetVersionFn>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"),
                                             "RtlGetVersion")));
  if (rtl_get_version != nullptr) rtl_get_version(&version);
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  const bool wine = GetProcAddress(ntdll, "wine_get_version") != nullptr;
  report.Add("machine",
             "system=" + std::string(wine ? "wine" : "windows") +
                 " version=" + std::to_string(version.dwMajorVersion) + "." +
                 std::to_string(version.dwMinorVersion) + "." +
                 std::to_string(version.dwBuildNumber) +
                 " server=" + std::to_string(version.wProductType != VER_NT_WORKSTATION ? 1 : 0));
  const Persistent persistent = LoadPersistentTcp();
  const bool has_persistent =
      persistent.create && persistent.remove && persistent.lookup;

  // Does this machine have runtime reservations at all? (U28; Wine: WN1)
  USHORT window = 0;
  {
    SOCKET s = Open(AF_INET, SOCK_DGRAM);
    INET_PORT_RESERVATION_INSTANCE r = {};
    DWORD bytes;
    const int rc = Acquire(s, 0, 1, &r, &bytes);
    closesocket(s);
    report.Add("U28", Code(rc) + " bytes=" + std::to_string(bytes));
    if (rc == 0) window = FreeWindow(200);
  }
  const bool runtime = window != 0;
  ULONG64 probe_token = 0;
  bool elevated = false;  // may create persistent reservations
  if (has_persistent && runtime) {
    Scenario elevation_check(persistent);  // deletes what it created
    elevated = elevation_check.Create(window, 1, &probe_token) == 0;
  }
  report.Add("U14", std::string("persistent_exported=") +
                        (has_persistent ? "1" : "0"));
  report.Add("privilege", std::string("elevated=") + (elevated ? "1" : "0"));

  // A scenario needing runtime reservations, or persistent ones too.
  auto run = [&](const char* row, bool needs_persistent,
                 const std::function<std::string(Scenario&)>& body) {
    if (!runtime) return report.Add(row, "unsupported");
    if (needs_persistent && !elevated) {
      return report.Add(row, "not-probed reason=needs-elevated-persistent");
    }
    Scenario scenario(persistent);
    report.Add(row, body(scenario));
  };
  const USHORT w = window;  // the first of 200 free ports
  auto at = [w](int offset) { return static_cast<USHORT>(w + offset); };
  INET_PORT_RESERVATION_INSTANCE r = {};
  DWORD bytes = 0;

  run("U1", true, [&](Scenario& sc) {
    ULONG64 token;
    sc.Create(at(0), 10, &token);
    return Code(BindV4(sc.Tcp(), at(3)));
  });
  run("U2", false, [&](Scenario& sc) {
    Acquire(sc.Udp(), at(0), 10, &r, &bytes);
    return Code(BindV4(sc.Udp(), at(3)));
  });
  run("U3", false, [&](Scenario& sc) {
    SOCKET s = sc.Udp();
    const int short_in = Acquire(s, at(0), 1, &r, &bytes, 2);
    const int short_out = Acquire(s, at(0), 1, &r, &bytes,
                                  sizeof(INET_PORT_RANGE), 8);
    return "short_in=" + std::to_string(short_in) +
           " short_out=" + std::to_string(short_out) +
           " short_out_bytes=" + std::to_string(bytes);
  });
  run("U4", false, [&](Scenario& sc) {
    SOCKET s = sc.Udp();
    Acquire(s, at(0), 4, &r, &bytes);
    const DWORD acquire_bytes = bytes;
    DWORD associate_bytes = 0, release_bytes = 0;
    const int associate_out =
        TokenIoctl(sc.Udp(), SIO_ASSOCIATE_PORT_RESERVATION, r.Token.Token, 8,
                   &associate_bytes);
    const int release = TokenIoctl(s, SIO_RELEASE_PORT_RESERVATION,
                                   r.Token.Token, 0, &release_bytes);
    return "acquire_bytes=" + std::to_string(acquire_bytes) +
           " associate_with_output=" + std::to_string(associate_out) +
           " associate_bytes=" + std::to_string(associate_bytes) +
           " release=" + std::to_string(release) +
           " release_bytes=" + std::to_string(release_bytes);
  });
  run("U5", false, [&](Scenario& sc) {
    BindV4(sc.Udp(), at(5));
    return Code(Acquire(sc.Udp(), at(0), 10, &r, &bytes));
  });
  run("U6", false, [&](Scenario& sc) {
    SOCKET s = sc.Udp();
    const int zero = Acquire(s, at(0), 0, &r, &bytes);
    const int past = Acquire(s, 65535, 2, &r, &bytes);
    return "count0=" + std::to_string(zero) +
           " past65535=" + std::to_string(past);
  });
  run("U7", false, [&](Scenario& sc) {
    SOCKET owner = sc.Udp();
    Acquire(owner, at(0), 4, &r, &bytes);
    const ULONG64 token = r.Token.Token;
    SOCKET bound = sc.Udp();
    BindV4(bound, 0);
    const int on_bound = Associate(bound, token);
    const int zero = Associate(sc.Udp(), 0);
    SOCKET twice = sc.Udp();
    Associate(twice, token);
    const int second = Associate(twice, token);
    Release(owner, token);
    const int released = Associate(sc.Udp(), token);
    return "bound=" + std::to_string(on_bound) +
           " zero=" + std::to_string(zero) +
           " second=" + std::to_string(second) +
           " released=" + std::to_string(released);
  });
  run("U8", false, [&](Scenario& sc) {
    Acquire(sc.Udp(), at(0), 1, &r, &bytes);
    SOCKET first = sc.Udp(), second = sc.Udp();
    Associate(first, r.Token.Token);
    Associate(second, r.Token.Token);
    BindV4(first, 0);
    return Code(BindV4(second, 0));
  });
  run("U9", false, [&](Scenario& sc) {
    Acquire(sc.Udp(), at(0), 4, &r, &bytes);
    SOCKET s = sc.Udp();
    Associate(s, r.Token.Token);
    return Code(BindV4(s, at(4)));
  });
  run("U10", false, [&](Scenario& sc) {
    Acquire(sc.Udp(), at(0), 20, &r, &bytes);
    SOCKET s = sc.Udp();
    Associate(s, r.Token.Token);
    USHORT port = 0;
    const int rc = BindV4(s, 0, &port);
    return Code(rc) + " offset=" + std::to_string(port - at(0));
  });
  run("U11", false, [&](Scenario& sc) {
    SOCKET s = sc.Udp();
    Acquire(s, at(0), 4, &r, &bytes);
    Release(s, r.Token.Token);
    const int released = Release(s, r.Token.Token);
    const int unknown = Release(s, 0x5eed5eed5eed5eedULL);
    return "released=" + std::to_string(released) +
           " unknown=" + std::to_string(unknown);
  });
  run("U11-persistent", true, [&](Scenario& sc) {
    ULONG64 token;
    sc.Create(at(0), 10, &token);
    return Code(Release(sc.Tcp(), token));
  });
  run("U12", false, [&](Scenario& sc) {
    SOCKET owner = sc.Udp();
    Acquire(owner, at(0), 4, &r, &bytes);
    SOCKET bound = sc.Udp(), waiting = sc.Udp();
    Associate(bound, r.Token.Token);
    Associate(waiting, r.Token.Token);
    USHORT port = 0;
    BindV4(bound, 0, &port);
    Release(owner, r.Token.Token);
    sockaddr_in a = {};
    int length = sizeof(a);
    getsockname(bound, reinterpret_cast<sockaddr*>(&a), &length);
    return "bound_keeps_port=" +
           std::to_string(ntohs(a.sin_port) == port ? 1 : 0) +
           " later_bind=" + std::to_string(BindV4(waiting, 0));
  });
  run("U13", true, [&](Scenario& sc) {
    ULONG64 token;
    return Code(sc.Create(65530, 20, &token));
  });
  run("U16", false, [&](Scenario& sc) {
    if (!has_persistent) return std::string("not-probed reason=no-persistent");
    ULONG64 token;
    // Unelevated: access (5) or parameter (87) first?
    return Code(sc.Create(0, 0, &token)) +
           " elevated=" + (elevated ? "1" : "0");
  });
  run("U17", true, [&](Scenario& sc) {
    ULONG64 token;
    sc.Create(at(0), 10, &token);
    SOCKET bound = sc.Tcp();
    Associate(bound, token);
    BindV4(bound, 0);
    SOCKET waiting = sc.Tcp();
    Associate(waiting, token);
    const int deleted = sc.Delete(at(0), 10);
    return "delete=" + std::to_string(deleted) +
           " later_bind=" + std::to_string(BindV4(waiting, 0)) +
           " later_associate=" + std::to_string(Associate(sc.Tcp(), token));
  });
  run("U19", false, [&](Scenario& sc) {
    return Code(Acquire(sc.Udp(), 0, 1024, &r, &bytes));
  });
  run("U20", false, [&](Scenario& sc) {
    SOCKET s = sc.Keep(WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr,
                                  0, WSA_FLAG_OVERLAPPED));
    WSAOVERLAPPED overlapped = {};
    overlapped.hEvent = WSACreateEvent();
    INET_PORT_RANGE range = {htons(at(0)), 4};
    DWORD call_bytes = 0xFFFF;
    const int rc = WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range,
                            sizeof(range), &r, sizeof(r), &call_bytes,
                            &overlapped, nullptr) == 0
                       ? 0
                       : LastError();
    const DWORD wait = WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE,
                                                1000, FALSE);
    DWORD done = 0, flags = 0;
    const BOOL result =
        WSAGetOverlappedResult(s, &overlapped, &done, FALSE, &flags);
    WSACloseEvent(overlapped.hEvent);
    return Code(rc) + " signaled=" + (wait == WSA_WAIT_EVENT_0 ? "1" : "0") +
           " result=" + std::to_string(result) +
           " bytes=" + std::to_string(done);
  });
  run("U26", false, [&](Scenario&) {
    // Two sockets associated with one block bind the same port: plainly,
    // both with SO_REUSEADDR, both with SIO_CPU_AFFINITY.
    std::string result;
    for (const char* how : {"plain", "reuse", "affinity"}) {
      Scenario inner(persistent);
      SOCKET owner = inner.Udp();
      Acquire(owner, at(0), 4, &r, &bytes);
      SOCKET a = inner.Udp(), b = inner.Udp();
      for (SOCKET s : {a, b}) {
        if (std::strcmp(how, "reuse") == 0) {
          SetFlag(s, SOL_SOCKET, SO_REUSEADDR, 1);
        } else if (std::strcmp(how, "affinity") == 0) {
          USHORT processor = 0;
          DWORD ignored = 0;
          WSAIoctl(s, _WSAIOW(IOC_VENDOR, 21), &processor, sizeof(processor),
                   nullptr, 0, &ignored, nullptr, nullptr);
        }
        Associate(s, r.Token.Token);
      }
      USHORT port = 0;
      BindV4(a, 0, &port);
      result += std::string(result.empty() ? "" : " ") + how + "=" +
                std::to_string(BindV4(b, port));
    }
    return result;
  });
  run("O4", true, [&](Scenario& sc) {
    ULONG64 token;
    sc.Create(at(0), 10, &token);
    return "acquire=" + std::to_string(Acquire(sc.Tcp(), at(2), 2, &r, &bytes)) +
           " bind=" + std::to_string(BindV4(sc.Tcp(), at(3)));
  });
  run("O6", false, [&](Scenario& sc) {
    SOCKET s = sc.Udp();
    Acquire(s, at(7), 1, &r, &bytes);
    Associate(s, r.Token.Token);
    USHORT port = 0;
    BindV4(s, 0, &port);
    return "network_order_start=" +
           std::to_string(ntohs(r.Reservation.StartPort) == at(7) ? 1 : 0) +
           " bound_requested=" + std::to_string(port == at(7) ? 1 : 0);
  });
  run("O12", true, [&](Scenario&) {
    ULONG64 token = 0;
    return Code(static_cast<int>(persistent.lookup(htons(at(0)), 10, &token)));
  });
  run("O13", false, [&](Scenario& sc) {
    SOCKET s = sc.Udp();
    int failures = 0, zero_starts = 0;
    for (int i = 0; i < 10; ++i) {
      failures += Acquire(s, 0, 64, &r, &bytes) != 0;
      zero_starts += r.Reservation.StartPort == 0;
    }
    return "failures=" + std::to_string(failures) +
           " zero_starts=" + std::to_string(zero_starts);
  });

  // Rows that need no reservation API.
  {
    Scenario sc(persistent);
    SOCKET s = sc.Udp6();
    sockaddr_in6 mapped = {};
    mapped.sin6_family = AF_INET6;
    mapped.sin6_addr.s6_addr[10] = mapped.sin6_addr.s6_addr[11] = 0xff;
    mapped.sin6_addr.s6_addr[12] = 127;
    mapped.sin6_addr.s6_addr[15] = 1;
    report.Add("U23", Code(bind(s, reinterpret_cast<sockaddr*>(&mapped),
                                sizeof(mapped)) == 0
                               ? 0
                               : LastError()));
  }
  {
    Scenario sc(persistent);
    SOCKET s = sc.Udp();
    BindV4(s, 0);
    report.Add("U24", Code(SetFlag(s, SOL_SOCKET, SO_REUSEADDR, 1)));
  }
  {
    Scenario sc(persistent);
    SOCKET v6 = sc.Udp6();
    sockaddr_in6 any = {};
    any.sin6_family = AF_INET6;
    bind(v6, reinterpret_cast<sockaddr*>(&any), sizeof(any));
    const int after_bind = SetFlag(v6, IPPROTO_IPV6, IPV6_V6ONLY, 0);
    const int on_v4 = SetFlag(sc.Udp(), IPPROTO_IPV6, IPV6_V6ONLY, 1);
    report.Add("U25", "after_bind=" + std::to_string(after_bind) +
                          " on_ipv4=" + std::to_string(on_v4));
  }
  {
    // U27: values of six sockets; close the 4th, 2nd, 5th; which values do
    // the next three take?
    SOCKET s[6];
    for (SOCKET& x : s) x = Open(AF_INET, SOCK_DGRAM);
    for (int i : {3, 1, 4}) closesocket(s[i]);
    SOCKET next[3];
    for (SOCKET& x : next) x = Open(AF_INET, SOCK_DGRAM);
    std::string order = "other";
    if (next[0] == s[4] && next[1] == s[1] && next[2] == s[3]) order = "lifo";
    if (next[0] == s[1] && next[1] == s[3] && next[2] == s[4]) order = "lowest";
    bool multiples_of_4 = true;
    for (SOCKET x : s) multiples_of_4 = multiples_of_4 && x % 4 == 0;
    report.Add("U27", "order=" + order + " multiples_of_4=" +
                          (multiples_of_4 ? "1" : "0"));
    for (int i : {0, 2, 5}) closesocket(s[i]);
    for (SOCKET x : next) closesocket(x);
  }
  for (const char* row : {"U15", "U18", "U21", "U22", "O5", "U11-foreign"}) {
    report.Add(row, "not-probed reason=" +
                        std::string(std::strcmp(row, "U15") == 0
                                        ? "a-null-pointer-may-fault"
                                    : std::strcmp(row, "U18") == 0
                                        ? "placement-depends-on-the-machine"
                                    : row[0] == 'U' && row[1] == '2'
                                        ? "netsh-not-an-api"
                                        : "needs-a-second-process"));
  }
  WSACleanup();

  const std::string text = report.Text();
  if (output == nullptr) {
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  std::FILE* f = std::fopen(output, "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", output);
    return 1;
  }
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return 0;
}
