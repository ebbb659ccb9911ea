// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/gzip.h"

#include "core/util/error.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace digitpad {
namespace {

// zlib counts bytes in `uInt` (32 bits); larger buffers are fed in pieces.
constexpr std::size_t kMaxZlibChunk = std::numeric_limits<uInt>::max();

std::size_t chunk_size(std::size_t remaining) { return std::min(remaining, kMaxZlibChunk); }

// gzip_decompress_member's first output buffer, doubled as needed.
constexpr std::size_t kFirstMemberBuffer = 64 * 1024;

// zlib's own description of the last error, when it has one.
std::string zlib_reason(const z_stream& stream, int code) {
  if (stream.msg != nullptr) return stream.msg;
  switch (code) {
    case Z_MEM_ERROR: return "out of memory";
    case Z_BUF_ERROR: return "stream ends too early";
    case Z_DATA_ERROR: return "invalid data";
    default: return "zlib error " + std::to_string(code);
  }
}

// Owns a z_stream for inflating and ends it however we leave the scope.
class Inflater {
 public:
  explicit Inflater(const std::string& name) {
    // 15 + 32: the largest window, and let zlib recognise the gzip (or zlib) header.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) throw Error(name + ": cannot start gzip decoder");
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

}  // namespace

bool has_gzip_extension(std::string_view path) { return path.size() >= 3 && path.substr(path.size() - 3) == ".gz"; }

std::string gzip_compress(std::string_view bytes) {
  z_stream stream{};
  // 15 + 16: the largest window with a gzip (not zlib) wrapper, so `gunzip` reads it.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("gzip: cannot start the compressor (out of memory?)");

  // deflateBound is exact only for a single call; add room for the chunked case.
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(chunk_size(bytes.size()))) + 64);
  std::size_t produced = 0;
  std::size_t consumed = 0;
  int code = Z_OK;
  while (code != Z_STREAM_END) {
    const std::size_t in_chunk = chunk_size(bytes.size() - consumed);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + consumed));
    stream.avail_in = static_cast<uInt>(in_chunk);
    if (produced == out.size()) out.resize(out.size() * 2);
    const std::size_t out_chunk = chunk_size(out.size() - produced);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(out_chunk);
    const bool last = consumed + in_chunk == bytes.size();
    code = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
    consumed += in_chunk - stream.avail_in;
    produced += out_chunk - stream.avail_out;
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) {
      deflateEnd(&stream);
      throw Error("gzip: compression failed (zlib error " + std::to_string(code) + ")");
    }
  }
  deflateEnd(&stream);
  out.resize(produced);
  return out;
}

namespace {

// What one inflate_stream call reads: every member of the stream, or only the
// first (then how many compressed bytes it took), and the output buffer's
// first size.
struct InflateScope {
  bool first_member_only = false;
  std::size_t first_buffer = 0;
  std::size_t* member_bytes = nullptr;  // set when first_member_only
};

// Inflates `compressed`; on damage either throws (strict) or stops and keeps
// what came out before it, noting the problem in `problem`. One loop for the
// whole-stream readers and the member reader, so both check alike.
std::string inflate_stream(std::string_view compressed, std::size_t max_output, const std::string& name,
                           std::string* problem, const InflateScope& scope) {
  Inflater inflater(name);
  z_stream& stream = inflater.stream();

  // The output grows with the data that really arrives (never sized from
  // `max_output` up front), so a hostile cap costs nothing until it is earned.
  std::string out;
  out.resize(std::min<std::size_t>(max_output, scope.first_buffer));
  std::size_t produced = 0;
  std::size_t consumed = 0;
  const auto stop = [&](const std::string& message) {
    if (problem == nullptr) throw Error(message);
    *problem = message;
  };
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= max_output) {
        stop(name + ": gzip data expands to more than " + std::to_string(max_output) +
             " bytes (the most this reader accepts)");
        break;
      }
      out.resize(std::min<std::size_t>(max_output, out.size() * 2));
    }
    const std::size_t in_chunk = chunk_size(compressed.size() - consumed);
    const std::size_t out_chunk = chunk_size(out.size() - produced);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + consumed));
    stream.avail_in = static_cast<uInt>(in_chunk);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(out_chunk);
    const int code = inflate(&stream, Z_NO_FLUSH);
    consumed += in_chunk - stream.avail_in;
    produced += out_chunk - stream.avail_out;

    if (code == Z_STREAM_END) {
      // RFC 1952 allows several members one after another (`cat a.gz b.gz`).
      if (scope.first_member_only || consumed == compressed.size()) break;
      if (inflateReset(&stream) != Z_OK) {
        stop(name + ": corrupt gzip data (cannot restart decoder)");
        break;
      }
      continue;
    }
    const bool stuck = consumed == compressed.size() && stream.avail_out > 0;
    if ((code == Z_BUF_ERROR || code == Z_OK) && stuck) {
      // All input eaten, room left, yet no end marker: inflate will make no more progress.
      stop(name + ": corrupt gzip data (truncated: the stream ends before its end marker)");
      break;
    }
    if (code != Z_OK && code != Z_BUF_ERROR) {
      stop(name + ": corrupt gzip data (" + zlib_reason(stream, code) + ")");
      break;
    }
  }
  if (scope.member_bytes != nullptr) *scope.member_bytes = consumed;
  out.resize(produced);
  return out;
}

// A whole stream's first buffer: a guess from the compressed size.
InflateScope whole_stream(std::size_t compressed_size) {
  return {false, std::max<std::size_t>(4096, compressed_size * 4), nullptr};
}

}  // namespace

std::string gzip_decompress_member(std::string_view compressed, std::size_t max_output, const std::string& name,
                                   std::size_t& member_bytes) {
  // Sized for one member, not from `compressed`, which may be the rest of a
  // long file: zero-filling megabytes per member made reading a file of many
  // members cost more than inflating it.
  return inflate_stream(compressed, max_output, name, nullptr, {true, kFirstMemberBuffer, &member_bytes});
}

std::string gzip_decompress(std::string_view compressed, std::size_t max_output, const std::string& name) {
  return inflate_stream(compressed, max_output, name, nullptr, whole_stream(compressed.size()));
}

std::string gzip_decompress_partial(std::string_view compressed, std::size_t max_output, const std::string& name,
                                    std::string& problem) {
  problem.clear();
  return inflate_stream(compressed, max_output, name, &problem, whole_stream(compressed.size()));
}

}  // namespace digitpad
