// What a distributed search's processes send rank 0 (issue 16 item 3): the
// chunks of a real search, a counterexample among them, read back give the
// same report; doubles keep their bits (NaN, -0); bad bytes are an error.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "mpi_runner/search_chunk_codec.h"
#include "rules/table_loader.h"
#include "soundness/same_report.h"
#include "soundness/table_edits.h"

namespace spmdcheck {
namespace {

using testing::expect_same_report;

TEST(SearchChunkCodec, ChunksWithACounterexampleReadBackAsTheSameReport) {
  at::set_num_threads(1);
  TableLoadResult broken;
  SearchOptions options = testing::exp_linear_search(broken);
  ASSERT_TRUE(broken.table);
  std::vector<SearchChunk> chunks = search_chunks(*broken.table, options);
  const SearchReport direct = merge_chunks(*broken.table, options, chunks, 0);
  ASSERT_EQ(direct.counterexamples.size(), 1u);

  std::string error;
  auto decoded = decode_search_chunks(encode_search_chunks(chunks), error);
  ASSERT_TRUE(decoded) << error;
  ASSERT_EQ(decoded->size(), chunks.size());
  for (size_t c = 0; c < chunks.size(); ++c) EXPECT_EQ((*decoded)[c].found_seconds, chunks[c].found_seconds);
  const SearchReport read = merge_chunks(*broken.table, options, std::move(*decoded), 0);
  expect_same_report(direct, read);
  EXPECT_EQ(print_program(read.counterexamples[0].original), print_program(direct.counterexamples[0].original));
  EXPECT_EQ(read.first_found_seconds, direct.first_found_seconds);
}

TEST(SearchChunkCodec, DoublesKeepTheirBits) {
  SearchChunk chunk;
  chunk.found_seconds = {-0.0, 1e-300};
  Counterexample cx;
  ParseResult parsed = parse_program("mesh dp=2\ninput x : f32[2] {dp: R}\ny = neg(x)\n");
  ASSERT_TRUE(parsed.program) << parsed.error->message;
  cx.original = cx.shrunk = *parsed.program;
  cx.inconsistency.want = std::nan("");
  cx.inconsistency.got = -INFINITY;
  cx.inconsistency.tolerance = 5e-324;
  chunk.part.counterexamples.push_back(cx);
  std::string error;
  auto decoded = decode_search_chunks(encode_search_chunks({chunk}), error);
  ASSERT_TRUE(decoded) << error;
  const Inconsistency& x = decoded->at(0).part.counterexamples.at(0).inconsistency;
  EXPECT_TRUE(std::isnan(x.want));
  EXPECT_EQ(x.got, -INFINITY);
  EXPECT_EQ(x.tolerance, 5e-324);
  EXPECT_TRUE(std::signbit(decoded->at(0).found_seconds.at(0)));
}

TEST(SearchChunkCodec, BytesThatAreNotChunksAreAnError) {
  std::string error;
  EXPECT_FALSE(decode_search_chunks("not json", error));
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_FALSE(decode_search_chunks("[{\"begin\": 0}]", error));  // fields missing
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace spmdcheck
