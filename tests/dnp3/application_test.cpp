// Application layer: fragment header, IIN, and object headers with their data for every group
// the decoder covers; one fixture per error reason. Fixtures marked "capture" are fragments
// taken from the shared captures (link CRCs and transport header removed).
#include "protocols/dnp3/application.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <variant>

#include "protocols/dnp3/describe.h"
#include "tests/support/test_support.h"

namespace otscope::dnp3 {
namespace {

using otscope::test::hex;

/// 2004-10-11T10:16:34.018Z as DNP3 time (little-endian 48-bit milliseconds).
constexpr const char* kTime = "e2 43 7d 87 ff 00";
constexpr std::uint64_t kTimeMs = 1097489794018ULL;

Fragment parse_ok(const std::string& text) {
  auto bytes = hex(text);
  Fragment fragment;
  AppError error = parse_fragment(bytes, fragment);
  EXPECT_EQ(error, AppError::None) << app_error_kind(error) << ": " << fragment.error_detail;
  return fragment;
}

AppError parse_error(const std::string& text, Fragment& fragment) {
  auto bytes = hex(text);
  return parse_fragment(bytes, fragment);
}

template <typename T>
const T& value_at(const Fragment& f, std::size_t block, std::size_t i) {
  static const T kEmpty{};
  if (block >= f.objects.size() || i >= f.objects[block].values.size()) {
    ADD_FAILURE() << "no value " << i << " in block " << block;
    return kEmpty;
  }
  const T* v = std::get_if<T>(&f.objects[block].values[i]);
  if (v == nullptr) {
    ADD_FAILURE() << "value " << i << " of block " << block << " has another type";
    return kEmpty;
  }
  return *v;
}

double point(const Fragment& f, std::size_t block, std::size_t i) {
  const PointValue& p = value_at<PointValue>(f, block, i);
  return p.value.value_or(-12345);
}

// ---- Header ----

TEST(Dnp3Application, ReadsControlFunctionAndNoIinInRequests) {
  Fragment f = parse_ok("c3 01 3c 02 06 3c 03 06 3c 04 06 3c 01 06");
  EXPECT_TRUE(f.header.control.fir);
  EXPECT_TRUE(f.header.control.fin);
  EXPECT_FALSE(f.header.control.con);
  EXPECT_FALSE(f.header.control.uns);
  EXPECT_EQ(f.header.control.sequence, 3);
  EXPECT_EQ(f.header.function, 0x01);
  ASSERT_NE(f.function, nullptr);
  EXPECT_EQ(f.function->name, "READ");
  EXPECT_FALSE(f.header.has_iin);
  ASSERT_EQ(f.objects.size(), 4u);
  EXPECT_EQ(f.objects[0].header.group, 60);
  EXPECT_EQ(f.objects[0].header.variation, 2);
  EXPECT_EQ(f.objects[0].header.range, RangeKind::All);
  EXPECT_FALSE(f.objects[0].has_data);
  EXPECT_TRUE(f.objects[0].indexes.empty());
  EXPECT_EQ(object_list(f), "g60v2,g60v3,g60v4,g60v1");
  EXPECT_TRUE(object_ranges(f).empty());
}

TEST(Dnp3Application, ReadsIinInResponses) {
  // capture: cold_restart_and_response.pcap, IIN1.7 device restart + IIN2.0 no function support
  Fragment f = parse_ok("f3 82 90 01");
  EXPECT_TRUE(f.header.control.con);
  EXPECT_TRUE(f.header.control.uns);
  EXPECT_TRUE(f.header.has_iin);
  EXPECT_EQ(f.header.iin, 0x9001);
  EXPECT_EQ(iin_names(f.header.iin), "NEED_TIME|DEVICE_RESTART|NO_FUNC_CODE_SUPPORT");
  EXPECT_EQ(iin_exception_code(f.header.iin), kIinNoFuncCodeSupport);
  EXPECT_EQ(f.function->name, "UNSOLICITED_RESPONSE");
}

// ---- Object groups ----

TEST(Dnp3Application, Group0DeviceAttributes) {
  EXPECT_FALSE(parse_ok("c0 01 00 fe 06").objects[0].has_data);
  Fragment f = parse_ok(
      "c0 81 00 00"
      " 00 fc 00 00 00 01 04 41 43 4d 45"     // g0v252 manufacturer VSTR "ACME"
      " 00 f2 00 00 00 01 05 31 2e 32 2e 33"  // g0v242 software version VSTR "1.2.3"
      " 00 f0 00 00 00 02 02 00 08"           // g0v240 max tx fragment UINT 2048
      " 00 ff 00 00 00 fe 04 f2 00 fc 01"     // g0v255 attribute list
      " 00 cb 00 00 00 04 04 00 00 c0 3f"     // g0v203 altitude FLT 1.5
      " 00 f6 00 00 00 03 01 fe");            // g0v246 INT -2
  ASSERT_EQ(f.objects.size(), 6u);
  const DeviceAttribute& vendor = value_at<DeviceAttribute>(f, 0, 0);
  EXPECT_EQ(vendor.variation, 252);
  EXPECT_EQ(vendor.type, 1);
  EXPECT_EQ(vendor.value, "ACME");
  EXPECT_EQ(vendor.set, 0u);
  EXPECT_EQ(value_at<DeviceAttribute>(f, 1, 0).value, "1.2.3");
  EXPECT_EQ(value_at<DeviceAttribute>(f, 2, 0).value, "2048");
  EXPECT_EQ(value_at<DeviceAttribute>(f, 3, 0).value, "242:0,252:1");
  EXPECT_EQ(value_at<DeviceAttribute>(f, 4, 0).value, "1.5");
  EXPECT_EQ(value_at<DeviceAttribute>(f, 5, 0).value, "-2");
  EXPECT_EQ(attribute_identity_field(252), "vendor");
  EXPECT_EQ(attribute_identity_field(242), "firmware");
  EXPECT_EQ(attribute_identity_field(240), "");
}

TEST(Dnp3Application, Group0AttributeStringsAreMadePrintable) {
  Fragment f = parse_ok("c0 81 00 00 00 f7 00 00 00 01 06 52 54 55 07 0a 31");
  EXPECT_EQ(value_at<DeviceAttribute>(f, 0, 0).value, "RTU\\x07\\x0a1");
}

TEST(Dnp3Application, BinaryInputsPackedAndWithFlags) {
  Fragment f = parse_ok(
      "c0 81 00 00"
      " 01 01 00 00 09 05 02"       // g1v1 0-9 packed: 1,0,1,0,0,0,0,0,0,1
      " 01 02 00 0a 0c 81 01 81");  // g1v2 10-12 flags: on, off, on
  ASSERT_EQ(f.objects.size(), 2u);
  ASSERT_EQ(f.objects[0].values.size(), 10u);
  EXPECT_EQ(point(f, 0, 0), 1);
  EXPECT_EQ(point(f, 0, 1), 0);
  EXPECT_EQ(point(f, 0, 2), 1);
  EXPECT_EQ(point(f, 0, 8), 0);
  EXPECT_EQ(point(f, 0, 9), 1);
  EXPECT_EQ(value_at<PointValue>(f, 0, 9).index, 9u);
  EXPECT_EQ(point(f, 1, 0), 1);
  EXPECT_EQ(point(f, 1, 1), 0);
  EXPECT_EQ(*value_at<PointValue>(f, 1, 1).flags, 0x01);
  EXPECT_EQ(value_at<PointValue>(f, 1, 2).index, 12u);
  auto ranges = object_ranges(f);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].space, "g1");
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].count, 10u);
  EXPECT_EQ(ranges[1].start, 10u);
  EXPECT_EQ(ranges[1].count, 3u);
}

TEST(Dnp3Application, DoubleBitInputsAndEventsWithTime) {
  Fragment f = parse_ok(std::string("c0 81 00 00") +
                        " 03 01 00 00 03 e4"  // g3v1 0-3: 0,1,2,3
                        " 02 02 28 01 00 05 00 81 " +
                        kTime +                       // g2v2 idx 5 on @time
                        " 04 03 17 01 02 41 10 00");  // g4v3 idx 2 rel 16ms
  EXPECT_EQ(point(f, 0, 0), 0);
  EXPECT_EQ(point(f, 0, 1), 1);
  EXPECT_EQ(point(f, 0, 2), 2);
  EXPECT_EQ(point(f, 0, 3), 3);
  const PointValue& event = value_at<PointValue>(f, 1, 0);
  EXPECT_EQ(event.index, 5u);
  EXPECT_EQ(event.value, 1);
  EXPECT_EQ(event.time_ms, kTimeMs);
  EXPECT_FALSE(event.relative_time);
  const PointValue& relative = value_at<PointValue>(f, 2, 0);
  EXPECT_EQ(relative.value, 1);  // double-bit state from flag bits 6-7
  EXPECT_EQ(relative.time_ms, 16u);
  EXPECT_TRUE(relative.relative_time);
  EXPECT_EQ(format_dnp3_time(kTimeMs), "2004-10-11T10:16:34.018Z");
}

TEST(Dnp3Application, BinaryOutputsStatusAndControlRelayOutputBlock) {
  // capture: directoperate_and_response.pcap (DIRECT_OPERATE g12v1 index 0 LATCH_ON)
  Fragment f = parse_ok("c0 05 0c 01 28 01 00 00 00 03 01 64 00 00 00 64 00 00 00 00");
  ASSERT_EQ(f.objects.size(), 1u);
  EXPECT_TRUE(f.objects[0].has_data);
  const ControlBlock& crob = value_at<ControlBlock>(f, 0, 0);
  EXPECT_EQ(crob.index, 0u);
  EXPECT_EQ(crob_operation_name(crob.operation()), "LATCH_ON");
  EXPECT_EQ(crob.count, 1);
  EXPECT_EQ(crob.on_ms, 100u);
  EXPECT_EQ(crob.off_ms, 100u);
  EXPECT_EQ(crob.status, 0);
  EXPECT_EQ(object_list(f), "g12v1");
  auto ranges = object_ranges(f);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].space, "g12");
  EXPECT_EQ(ranges[0].start, 0u);
  EXPECT_EQ(ranges[0].count, 1u);
  std::string summary = describe_fragment(f);
  EXPECT_NE(summary.find("DIRECT_OPERATE seq=0"), std::string::npos) << summary;
  EXPECT_NE(summary.find("LATCH_ON count=1 on=100ms off=100ms"), std::string::npos) << summary;

  // TRIP + PULSE_ON with clear, echoed with status NOT_SUPPORTED; binary output status g10v2.
  f = parse_ok("c0 81 00 04 0c 01 17 01 07 a1 02 f4 01 00 00 e8 03 00 00 04 0a 02 00 00 01 81 01");
  const ControlBlock& trip = value_at<ControlBlock>(f, 0, 0);
  EXPECT_EQ(trip.index, 7u);
  EXPECT_EQ(crob_operation_name(trip.operation()), "PULSE_ON");
  EXPECT_EQ(crob_trip_close_name(trip.trip_close()), "TRIP");
  EXPECT_TRUE(trip.clear());
  EXPECT_EQ(trip.count, 2);
  EXPECT_EQ(trip.on_ms, 500u);
  EXPECT_EQ(trip.off_ms, 1000u);
  EXPECT_EQ(control_status_name(trip.status), "NOT_SUPPORTED");
  EXPECT_EQ(point(f, 1, 0), 1);
  EXPECT_EQ(point(f, 1, 1), 0);
}

TEST(Dnp3Application, Counters) {
  Fragment f = parse_ok(
      "c0 81 00 00 14 01 00 00 01 01 0a 00 00 00 01 ff ff ff ff"  // g20v1 0-1
      " 15 05 17 01 03 01 07 00 00 00 " +
      std::string(kTime) +                // g21v5 idx 3 frozen @time
      " 16 02 28 01 00 09 00 01 34 12");  // g22v2 idx 9 = 0x1234
  EXPECT_EQ(point(f, 0, 0), 10);
  EXPECT_EQ(point(f, 0, 1), 4294967295.0);
  EXPECT_EQ(point(f, 1, 0), 7);
  EXPECT_EQ(value_at<PointValue>(f, 1, 0).time_ms, kTimeMs);
  EXPECT_EQ(point(f, 2, 0), 0x1234);
  EXPECT_EQ(value_at<PointValue>(f, 2, 0).index, 9u);
}

TEST(Dnp3Application, AnalogInputsAndEvents) {
  Fragment f = parse_ok(
      "c0 81 00 00 1e 01 00 00 00 01 e8 03 00 00"   // g30v1 0: 1000
      " 1e 02 00 01 01 01 18 fc"                    // g30v2 1: -1000
      " 1e 05 00 02 02 01 00 00 c0 3f"              // g30v5 2: 1.5
      " 1e 06 00 03 03 01 00 00 00 00 00 00 02 c0"  // g30v6 3: -2.25
      " 20 03 28 01 00 07 00 01 64 00 00 00 " +
      std::string(kTime));  // g32v3 idx 7 @time
  EXPECT_EQ(point(f, 0, 0), 1000);
  EXPECT_EQ(*value_at<PointValue>(f, 0, 0).flags, 0x01);
  EXPECT_EQ(point(f, 1, 0), -1000);
  EXPECT_EQ(point(f, 2, 0), 1.5);
  EXPECT_EQ(point(f, 3, 0), -2.25);
  EXPECT_EQ(point(f, 4, 0), 100);
  EXPECT_EQ(value_at<PointValue>(f, 4, 0).index, 7u);
  EXPECT_EQ(value_at<PointValue>(f, 4, 0).time_ms, kTimeMs);
}

TEST(Dnp3Application, AnalogOutputStatusAndBlocks) {
  Fragment f = parse_ok("c0 81 00 00 28 01 00 00 00 01 e8 03 00 00");  // g40v1 0: 1000
  EXPECT_EQ(point(f, 0, 0), 1000);
  // capture: direct_operate_analog_output.pcap (g41v2 index 1 value 0)
  f = parse_ok("c2 05 29 02 28 01 00 01 00 00 00 00");
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).index, 1u);
  EXPECT_EQ(point(f, 0, 0), 0);
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).status, 0);
  f = parse_ok("c0 03 29 01 17 01 03 e8 03 00 00 00 29 03 17 01 02 00 00 20 41 00");
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).index, 3u);
  EXPECT_EQ(point(f, 0, 0), 1000);
  EXPECT_EQ(point(f, 1, 0), 10.0);
  EXPECT_EQ(object_list(f), "g41v1,g41v3");
  f = parse_ok("c0 81 00 00 29 01 17 01 03 e8 03 00 00 0c");  // echoed with status LOCAL
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).status, 12);
}

TEST(Dnp3Application, TimeAndDelayObjects) {
  Fragment f = parse_ok(std::string("c1 02 32 01 07 01 ") + kTime);  // WRITE g50v1
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).time_ms, kTimeMs);
  EXPECT_TRUE(object_ranges(f).empty());          // a count without indexes names no points
  f = parse_ok("c0 81 80 00 34 02 07 01 e8 03");  // response to COLD_RESTART: g52v2 1000 ms
  EXPECT_EQ(point(f, 0, 0), 1000);
  EXPECT_NE(describe_fragment(f).find("delay=1000ms"), std::string::npos);
  // FREEZE_AT_TIME: the g50v2 time object carries data, the counter header that follows not.
  f = parse_ok(std::string("c0 0b 32 02 07 01 ") + kTime + " 10 27 00 00 14 00 06");
  ASSERT_EQ(f.objects.size(), 2u);
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).interval, 10000u);
  EXPECT_FALSE(f.objects[1].has_data);
}

TEST(Dnp3Application, ClassDataAndInternalIndications) {
  // capture: write_iin_and_response.pcap (WRITE g80v1 index 7 = 0: clear DEVICE_RESTART)
  Fragment f = parse_ok("c0 02 50 01 00 07 07 00");
  EXPECT_EQ(value_at<PointValue>(f, 0, 0).index, 7u);
  EXPECT_EQ(point(f, 0, 0), 0);
  auto ranges = object_ranges(f);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].space, "g80");
  EXPECT_EQ(ranges[0].start, 7u);
  // Event class reads with a count.
  f = parse_ok("c0 01 3c 02 07 05");
  EXPECT_EQ(f.objects[0].header.range, RangeKind::Count);
  EXPECT_EQ(f.objects[0].header.count, 5u);
}

TEST(Dnp3Application, FileTransferObjects) {
  // capture: file_read.pcap OPEN_FILE './testfile.txt' for reading
  Fragment f = parse_ok(
      "c1 19 46 03 5b 01 28 00 1a 00 0e 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00"
      " 00 04 04 00 2e 2f 74 65 73 74 66 69 6c 65 2e 74 78 74");
  const FileObject& open = value_at<FileObject>(f, 0, 0);
  EXPECT_EQ(open.variation, 3);
  EXPECT_EQ(open.name, "./testfile.txt");
  EXPECT_EQ(open.mode, 1);
  EXPECT_EQ(open.request_id, 4);
  // capture: its response, g70v4 handle 0x12345678 size 19 SUCCESS
  f = parse_ok("c1 81 00 00 46 04 5b 01 0d 00 78 56 34 12 13 00 00 00 00 04 04 00 00");
  const FileObject& status = value_at<FileObject>(f, 0, 0);
  EXPECT_EQ(status.handle, 0x12345678u);
  EXPECT_EQ(status.file_size, 19u);
  EXPECT_EQ(file_status_name(*status.status), "SUCCESS");
  // capture: READ g70v5 names handle and block even though a READ carries no data otherwise
  f = parse_ok("c2 01 46 05 5b 01 08 00 78 56 34 12 00 00 00 00");
  EXPECT_EQ(value_at<FileObject>(f, 0, 0).block, 0u);
  // capture: the last block with 19 bytes of file data
  f = parse_ok(
      "c2 81 00 00 46 05 5b 01 1b 00 78 56 34 12 00 00 00 80 54 68 69 73 20 69 73 20 61 20 74 65"
      " 73 74 20 66 69 6c 65");
  const FileObject& block = value_at<FileObject>(f, 0, 0);
  EXPECT_TRUE(block.last_block);
  EXPECT_EQ(block.data_size, 19u);
  // g70v7 file descriptor and g70v2 authentication (the password is not kept)
  f = parse_ok(
      "c0 81 00 00 46 07 5b 01 17 00 14 00 03 00 01 00 21 00 00 00 00 00 00 00 00 00 ff 01 08 00"
      " 62 69 6e"
      " 46 02 5b 01 12 00 0c 00 03 00 0f 00 03 00 00 00 00 00 62 6f 62 70 77 64");
  EXPECT_EQ(value_at<FileObject>(f, 0, 0).name, "bin");
  EXPECT_EQ(value_at<FileObject>(f, 0, 0).file_size, 33u);
  EXPECT_EQ(value_at<FileObject>(f, 1, 0).name, "bob");
  EXPECT_EQ(describe_fragment(f).find("pwd"), std::string::npos);
}

TEST(Dnp3Application, AuthenticationObjects) {
  // capture: auth_control_challenge_response.pcap, challenge and reply
  Fragment f = parse_ok("c6 83 90 00 78 01 5b 01 0c 00 03 00 00 00 00 00 04 01 73 74 65 76");
  const AuthObject& challenge = value_at<AuthObject>(f, 0, 0);
  EXPECT_EQ(challenge.variation, 1);
  EXPECT_EQ(challenge.sequence, 3u);
  EXPECT_EQ(challenge.user, 0);
  EXPECT_EQ(challenge.code, 1);
  f = parse_ok(
      "c6 20 78 02 5b 01 16 00 03 00 00 00 01 00 06 fa e1 91 1a 2c ce 2d da 8a bf ec e1 ca c8 c4");
  EXPECT_EQ(value_at<AuthObject>(f, 0, 0).sequence, 3u);
  EXPECT_EQ(value_at<AuthObject>(f, 0, 0).user, 1);
  // capture: operate_aggressive_mode.pcap, aggressive mode request + CROB + MAC
  f = parse_ok(
      "cc 05 78 03 07 01 09 00 00 00 01 00 0c 01 28 01 00 01 00 03 01 64 00 00 00 64 00 00 00 00"
      " 78 09 5b 01 10 00 ba 8d b4 4d 5e 72 cd 0a d4 18 e5 e4 15 25 68 67");
  ASSERT_EQ(f.objects.size(), 3u);
  EXPECT_EQ(value_at<AuthObject>(f, 0, 0).sequence, 9u);
  EXPECT_EQ(value_at<ControlBlock>(f, 1, 0).index, 1u);
  EXPECT_EQ(value_at<AuthObject>(f, 2, 0).size, 16u);
  EXPECT_EQ(object_list(f), "g120v3,g12v1,g120v9");
  // g120v7 error: AUTHORIZATION_FAILED
  f = parse_ok(std::string("c0 83 00 00 78 07 5b 01 0f 00 05 00 00 00 02 00 01 00 07 ") + kTime);
  EXPECT_EQ(auth_error_name(*value_at<AuthObject>(f, 0, 0).code), "AUTHORIZATION_FAILED");
}

TEST(Dnp3Application, OctetStringsAndVirtualTerminal) {
  Fragment f = parse_ok("c0 81 00 00 6e 05 00 00 00 68 65 6c 6c 6f");
  const OctetString& s = value_at<OctetString>(f, 0, 0);
  EXPECT_EQ(s.text, "hello");
  EXPECT_EQ(s.size, 5u);
  // capture: write_vto_empty_string.pcap: zero-length VTO objects over 0-65535 hold no bytes
  f = parse_ok("c0 02 70 00 01 00 00 ff ff 70 00 01 00 00 ff ff");
  ASSERT_EQ(f.objects.size(), 2u);
  auto ranges = object_ranges(f);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].count, 65536u);
}

TEST(Dnp3Application, IndexPrefixesInRequestsWithoutData) {
  Fragment f = parse_ok("c0 01 01 02 17 03 01 02 05");
  ASSERT_EQ(f.objects[0].indexes.size(), 2u);
  auto ranges = object_ranges(f);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].start, 1u);
  EXPECT_EQ(ranges[0].count, 2u);
  EXPECT_EQ(ranges[1].start, 5u);
  EXPECT_EQ(ranges[1].count, 1u);
}

TEST(Dnp3Application, UnknownObjectsAreSkippedWhenTheQualifierAllows) {
  // capture: bro_dnp3.pcap frame 200, READ of g255v0 "all": no data to skip
  Fragment f = parse_ok("c8 01 ff 00 06");
  ASSERT_EQ(f.objects.size(), 1u);
  EXPECT_FALSE(f.objects[0].known);
  // A size prefix lets an unknown object be stepped over, and the next header is read.
  f = parse_ok("c0 81 00 00 c8 01 5b 01 03 00 aa bb cc 01 02 00 00 00 81");
  ASSERT_EQ(f.objects.size(), 2u);
  EXPECT_EQ(value_at<SizedObject>(f, 0, 0).size, 3u);
  EXPECT_EQ(point(f, 1, 0), 1);
  // Data set descriptors (g86v1) are free-format objects kept by size.
  f = parse_ok("c0 81 00 00 56 01 5b 02 02 00 01 02 01 00 03");
  EXPECT_EQ(f.objects[0].values.size(), 2u);
}

TEST(Dnp3Application, StoresAboundedNumberOfValues) {
  std::string text = "c0 81 00 00 01 01 01 00 00 ff 0f";  // g1v1 0-4095: 512 bytes
  for (int i = 0; i < 512; ++i) text += " 55";
  Fragment f = parse_ok(text);
  EXPECT_EQ(f.objects[0].values.size(), kMaxStoredValuesPerHeader);
  EXPECT_EQ(f.values_not_stored, 4096 - kMaxStoredValuesPerHeader);
  EXPECT_EQ(object_ranges(f)[0].count, 4096u);
  EXPECT_NE(describe_fragment(f).find("(+4093)"), std::string::npos) << describe_fragment(f);
}

// ---- One fixture per error reason ----

struct ErrorCase {
  const char* name;
  const char* fragment;
  AppError expected;
};

class Dnp3ApplicationErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(Dnp3ApplicationErrors, ReportsTheSpecificReason) {
  const ErrorCase& c = GetParam();
  Fragment f;
  EXPECT_EQ(parse_error(c.fragment, f), c.expected) << c.name << ": " << f.error_detail;
  if (is_object_error(c.expected)) {
    EXPECT_EQ(f.error, c.expected);
    EXPECT_FALSE(f.error_detail.empty());
    ASSERT_NE(f.function, nullptr);  // the header was decoded
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, Dnp3ApplicationErrors,
    ::testing::Values(
        ErrorCase{"empty", "", AppError::TooShort},
        ErrorCase{"control only", "c0", AppError::TooShort},
        ErrorCase{"response without IIN", "c0 81 00", AppError::MissingIin},
        ErrorCase{"undefined function", "c0 70", AppError::UnknownFunction},
        ErrorCase{"header cut", "c0 01 3c 02", AppError::TruncatedObjectHeader},
        ErrorCase{"start-stop cut", "c0 01 01 02 01 05 00", AppError::TruncatedObjectHeader},
        ErrorCase{"count cut", "c0 01 01 02 08 05", AppError::TruncatedObjectHeader},
        ErrorCase{"reserved qualifier bit", "c1 15 3c 02 06 3c 04 ed", AppError::BadQualifier},
        ErrorCase{"reserved range code", "c0 01 01 02 0a", AppError::BadQualifier},
        ErrorCase{"index prefix with start-stop", "c0 01 01 02 10 00 05", AppError::BadQualifier},
        ErrorCase{"variable count without size", "c0 81 00 00 46 03 1b 01 00",
                  AppError::BadQualifier},
        ErrorCase{"free-format object without size prefix", "c0 19 46 03 07 01 00 00",
                  AppError::BadQualifier},
        ErrorCase{"packed points with prefix", "c0 81 00 00 01 01 17 01 00 01",
                  AppError::BadQualifier},
        ErrorCase{"start above stop", "c0 01 01 02 00 05 02", AppError::BadRange},
        ErrorCase{"fewer flags than points", "c0 81 00 00 01 02 00 00 03 81 81",
                  AppError::TruncatedObjectData},
        ErrorCase{"crob count 2 data for 1 (capture)",
                  "ca 05 0c 01 28 02 00 01 00 02 01 64 00 00 00 64 00 00 00 00",
                  AppError::TruncatedObjectData},
        ErrorCase{"absurd count", "c0 81 00 00 1e 01 08 ff ff 00", AppError::TruncatedObjectData},
        ErrorCase{"packed bytes missing", "c0 81 00 00 01 01 00 00 0f 01",
                  AppError::TruncatedObjectData},
        ErrorCase{"size prefix beyond data", "c0 81 00 00 c8 01 5b 01 09 00 aa",
                  AppError::TruncatedObjectData},
        ErrorCase{"undefined object without size", "c0 81 00 00 c8 01 00 00 00 aa",
                  AppError::UnknownObject},
        ErrorCase{"variation 0 with data", "c0 02 1e 00 00 00 00 01", AppError::UnknownObject},
        ErrorCase{"undefined attribute type", "c0 81 00 00 00 f2 00 00 00 09 01 41",
                  AppError::BadAttribute},
        ErrorCase{"attribute UINT of 8 bytes",
                  "c0 81 00 00 00 f0 00 00 00 02 08 00 00 00 00 00 00 00 00",
                  AppError::BadAttribute},
        ErrorCase{"attribute value cut", "c0 81 00 00 00 f2 00 00 00 01 09 41",
                  AppError::TruncatedObjectData},
        ErrorCase{"crob with wrong size prefix", "c0 05 0c 01 5b 01 05 00 03 01 64 00 00",
                  AppError::BadObjectSize},
        ErrorCase{"file command shorter than its fields", "c0 19 46 03 5b 01 04 00 00 00 00 00",
                  AppError::BadObjectSize},
        ErrorCase{"file name beyond the object",
                  "c0 19 46 08 5b 01 00 00 46 03 5b 01 1a 00 1a 00 "
                  "05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 04 04 00",
                  AppError::BadObjectSize}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) {
      std::string name;
      for (const char* p = param_info.param.name; *p; ++p) {
        name.push_back(std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_');
      }
      return name;
    });

TEST(Dnp3Application, ObjectErrorKeepsWhatWasDecodedBefore) {
  Fragment f;
  EXPECT_EQ(parse_error("c0 81 00 00 01 02 00 00 00 81 c8 01 00 00 00 aa", f),
            AppError::UnknownObject);
  ASSERT_EQ(f.objects.size(), 2u);
  EXPECT_EQ(point(f, 0, 0), 1);
  EXPECT_EQ(f.error_offset, 10u);
  EXPECT_EQ(app_error_kind(f.error), "dnp3.unknown_object");
  EXPECT_NE(describe_fragment(f).find("<dnp3.unknown_object>"), std::string::npos);
}

TEST(Dnp3Codes, FunctionTableClassifiesEveryOperation) {
  struct Expect {
    std::uint8_t code;
    const char* name;
    OpClass op;
  };
  for (const Expect& e : {Expect{0x00, "CONFIRM", OpClass::Other},
                          Expect{0x01, "READ", OpClass::Read},
                          Expect{0x02, "WRITE", OpClass::Write},
                          Expect{0x03, "SELECT", OpClass::Control},
                          Expect{0x04, "OPERATE", OpClass::Control},
                          Expect{0x05, "DIRECT_OPERATE", OpClass::Control},
                          Expect{0x06, "DIRECT_OPERATE_NR", OpClass::Control},
                          Expect{0x0D, "COLD_RESTART", OpClass::Restart},
                          Expect{0x0E, "WARM_RESTART", OpClass::Restart},
                          Expect{0x0F, "INITIALIZE_DATA", OpClass::Configuration},
                          Expect{0x10, "INITIALIZE_APPL", OpClass::Configuration},
                          Expect{0x11, "START_APPL", OpClass::ModeChange},
                          Expect{0x12, "STOP_APPL", OpClass::ModeChange},
                          Expect{0x13, "SAVE_CONFIG", OpClass::Configuration},
                          Expect{0x14, "ENABLE_UNSOLICITED", OpClass::Configuration},
                          Expect{0x15, "DISABLE_UNSOLICITED", OpClass::Configuration},
                          Expect{0x16, "ASSIGN_CLASS", OpClass::Configuration},
                          Expect{0x17, "DELAY_MEASURE", OpClass::Time},
                          Expect{0x18, "RECORD_CURRENT_TIME", OpClass::Time},
                          Expect{0x19, "OPEN_FILE", OpClass::File},
                          Expect{0x1B, "DELETE_FILE", OpClass::File},
                          Expect{0x1E, "ABORT_FILE", OpClass::File},
                          Expect{0x1F, "ACTIVATE_CONFIG", OpClass::Configuration},
                          Expect{0x20, "AUTHENTICATE_REQ", OpClass::Authentication},
                          Expect{0x21, "AUTH_REQ_NO_ACK", OpClass::Authentication},
                          Expect{0x81, "RESPONSE", OpClass::Other},
                          Expect{0x82, "UNSOLICITED_RESPONSE", OpClass::Unsolicited},
                          Expect{0x83, "AUTHENTICATE_RESP", OpClass::Authentication}}) {
    const FunctionInfo* info = find_function(e.code);
    ASSERT_NE(info, nullptr) << int{e.code};
    EXPECT_EQ(info->name, e.name);
    EXPECT_EQ(info->op, e.op) << e.name;
  }
  for (int code : {0x22, 0x70, 0x80, 0x84, 0xFF}) {
    EXPECT_EQ(find_function(static_cast<std::uint8_t>(code)), nullptr) << code;
  }
  EXPECT_FALSE(find_function(0x06)->expects_response);
  EXPECT_TRUE(find_function(0x05)->expects_response);
}

TEST(Dnp3Codes, IinAndExceptionNames) {
  EXPECT_EQ(iin_bit_name(kIinEventBufferOverflow), "EVENT_BUFFER_OVERFLOW");
  EXPECT_EQ(iin_bit_name(kIinConfigCorrupt), "CONFIG_CORRUPT");
  EXPECT_EQ(iin_names(0), "");
  EXPECT_EQ(iin_exception_code(kIinObjectUnknown | kIinParameterError), kIinObjectUnknown);
  EXPECT_EQ(iin_exception_code(kIinDeviceRestart | kIinNeedTime), 0u);
  EXPECT_EQ(exception_name(kIinParameterError), "PARAMETER_ERROR");
  EXPECT_EQ(exception_name(kControlStatusExceptionBase + 2), "NO_SELECT");
  EXPECT_EQ(group_name(12), "Binary Output Command");
  EXPECT_EQ(prefix_code_name(2), "2-octet index");
  EXPECT_EQ(range_code_name(0xB), "variable-format count");
  EXPECT_EQ(attribute_name(250), "Device manufacturer's product name and model");
}

}  // namespace
}  // namespace otscope::dnp3
