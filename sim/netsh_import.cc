// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A simulated host from captured netsh output (docs §19, NS1-NS5).

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portres/sim/netsh.h"

namespace portres::sim {
namespace {

// The text's lines, numbered from 1, without CR and trailing blanks.
struct Line {
  int number;
  absl::string_view text;
};

std::vector<Line> Lines(absl::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    lines.push_back({++number, absl::StripTrailingAsciiWhitespace(line)});
  }
  return lines;
}

std::vector<absl::string_view> Words(absl::string_view line) {
  return absl::StrSplit(line, ' ', absl::SkipEmpty());
}

absl::Status Error(const Line& line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(
      "netsh capture, line ", line.number, ": ", what, ": '", line.text, "'"));
}

// "Protocol tcp Port Exclusion Ranges" / "Protocol udp Dynamic Port Range".
struct Title {
  Protocol protocol;
  bool ranges;  // an exclusion list, else a dynamic range
};
std::optional<Title> ParseTitle(absl::string_view line) {
  const std::vector<absl::string_view> w = Words(line);
  if (w.size() < 4 || w[0] != "Protocol" || (w[1] != "tcp" && w[1] != "udp")) {
    return std::nullopt;
  }
  const Protocol protocol = w[1] == "tcp" ? Protocol::kTcp : Protocol::kUdp;
  if (w.size() == 5 && w[2] == "Port" && w[3] == "Exclusion" &&
      w[4] == "Ranges") {
    return Title{protocol, true};
  }
  if (w.size() == 5 && w[2] == "Dynamic" && w[3] == "Port" && w[4] == "Range") {
    return Title{protocol, false};
  }
  return std::nullopt;
}

bool ParsePort(absl::string_view word, uint32_t* port) {
  return absl::SimpleAtoi(word, port) && *port <= 65535 &&
         absl::ascii_isdigit(static_cast<unsigned char>(word[0]));
}

class Parser {
 public:
  explicit Parser(absl::string_view text) : lines_(Lines(text)) {}

  absl::StatusOr<NetshCapture> Parse() {
    while (next_ < lines_.size()) {
      const Line& line = lines_[next_++];
      if (line.text.empty()) continue;
      std::optional<Title> title = ParseTitle(line.text);
      if (!title) return Error(line, "not netsh's output");
      absl::Status section = title->ranges ? Ranges(line, title->protocol)
                                           : Dynamic(line, title->protocol);
      if (!section.ok()) return section;
    }
    if (!capture_.tcp_ranges && !capture_.udp_ranges && !capture_.tcp_dynamic &&
        !capture_.udp_dynamic) {
      return absl::InvalidArgumentError(
          "netsh capture: no 'show excludedportrange' or 'show dynamicport' "
          "output in the text");
    }
    return std::move(capture_);
  }

 private:
  // The next line that is not blank, or nullptr at the end.
  const Line* NextText() {
    while (next_ < lines_.size() && lines_[next_].text.empty()) ++next_;
    return next_ < lines_.size() ? &lines_[next_++] : nullptr;
  }
  absl::Status Expect(const Line& after, std::vector<absl::string_view> words,
                      absl::string_view what) {
    const Line* line = NextText();
    if (line == nullptr) return Error(after, absl::StrCat("no ", what, " after"));
    if (Words(line->text) != words) {
      return Error(*line, absl::StrCat("expected ", what));
    }
    return absl::OkStatus();
  }

  // NS1, NS2: the header, rows ascending and disjoint, then the footer.
  absl::Status Ranges(const Line& title, Protocol protocol) {
    auto& slot = protocol == Protocol::kTcp ? capture_.tcp_ranges
                                            : capture_.udp_ranges;
    if (slot) return Error(title, "a second exclusion list for the protocol");
    if (absl::Status s = Expect(title, {"Start", "Port", "End", "Port"},
                                "the 'Start Port    End Port' header");
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            Expect(title, {"----------", "--------"}, "the dashes under it");
        !s.ok()) {
      return s;
    }
    std::vector<ExcludedRange> rows;
    while (true) {
      const Line* line = NextText();
      if (line == nullptr) return Error(title, "the list has no footer");
      if (line->text == "* - Administered port exclusions.") break;
      const std::vector<absl::string_view> w = Words(line->text);
      uint32_t start = 0, end = 0;
      if ((w.size() != 2 && (w.size() != 3 || w[2] != "*")) ||
          !ParsePort(w[0], &start) || !ParsePort(w[1], &end) || start == 0 ||
          start > end) {
        return Error(*line, "not a '<start> <end> [*]' row");
      }
      if (!rows.empty() && start <= rows.back().end) {
        return Error(*line, "rows must ascend without overlapping");
      }
      rows.push_back({static_cast<uint16_t>(start), static_cast<uint16_t>(end),
                      w.size() == 3});
    }
    slot = std::move(rows);
    return absl::OkStatus();
  }

  // NS4: "Start Port : N", "Number of Ports : M".
  absl::Status Dynamic(const Line& title, Protocol protocol) {
    auto& slot = protocol == Protocol::kTcp ? capture_.tcp_dynamic
                                            : capture_.udp_dynamic;
    if (slot) return Error(title, "a second dynamic range for the protocol");
    const Line* dashes = NextText();
    if (dashes == nullptr || dashes->text.find_first_not_of('-') !=
                                 absl::string_view::npos) {
      return Error(dashes ? *dashes : title, "expected the dashes line");
    }
    uint32_t values[2];
    const char* keys[2] = {"Start Port", "Number of Ports"};
    for (int i = 0; i < 2; ++i) {
      const Line* line = NextText();
      if (line == nullptr) return Error(title, "the range is cut short");
      std::pair<absl::string_view, absl::string_view> kv =
          absl::StrSplit(line->text, absl::MaxSplits(':', 1));
      if (absl::StripAsciiWhitespace(kv.first) != keys[i] ||
          !absl::SimpleAtoi(absl::StripAsciiWhitespace(kv.second),
                            &values[i])) {
        return Error(*line, absl::StrCat("expected '", keys[i], " : <n>'"));
      }
    }
    if (values[0] == 0 || values[1] < 255 || values[0] + values[1] - 1 > 65535) {
      return Error(title, "a dynamic range netsh refuses (at least 255 ports "
                          "ending at or below 65535)");
    }
    slot = DynamicPortRange{static_cast<uint16_t>(values[0]),
                            static_cast<uint16_t>(values[1])};
    return absl::OkStatus();
  }

  std::vector<Line> lines_;
  size_t next_ = 0;
  NetshCapture capture_;
};

// NS3: administered rows become persistent reservations (made by an
// elevated process that then exits), the others system reservations.
absl::Status PlaceRows(Host& host, Protocol protocol,
                       const std::vector<ExcludedRange>& rows) {
  const Pid admin = host.SpawnProcess({.elevated = true});
  std::unique_ptr<PortReservations> ports = host.Process(admin);
  absl::Status placed;
  for (const ExcludedRange& row : rows) {
    const PortRange range{row.start,
                          static_cast<uint16_t>(row.end - row.start + 1)};
    placed = row.administered
                 ? ports->CreatePersistent(protocol, range).status()
                 : host.AddSystemReservation(protocol, range).status();
    if (!placed.ok()) break;
  }
  (void)host.ExitProcess(admin);
  return placed;
}

}  // namespace

absl::StatusOr<NetshCapture> ParseNetshCapture(absl::string_view text) {
  return Parser(text).Parse();
}

absl::StatusOr<std::unique_ptr<Host>> NewHostFromNetsh(absl::string_view text,
                                                       HostOptions options) {
  absl::StatusOr<NetshCapture> capture = ParseNetshCapture(text);
  if (!capture.ok()) return capture.status();
  auto host = std::make_unique<Host>(std::move(options));
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    const bool tcp = protocol == Protocol::kTcp;
    if (const auto& dynamic = tcp ? capture->tcp_dynamic : capture->udp_dynamic) {
      if (absl::Status s = host->SetDynamicPortRange(protocol, *dynamic);
          !s.ok()) {
        return s;
      }
    }
    if (const auto& rows = tcp ? capture->tcp_ranges : capture->udp_ranges) {
      if (absl::Status s = PlaceRows(*host, protocol, *rows); !s.ok()) return s;
    }
  }
  return host;
}

}  // namespace portres::sim
