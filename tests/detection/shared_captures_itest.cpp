// Precision and recall on the shared real-world captures, with the built-in policy and no
// baseline: the alerts each capture raises, pinned. Why each one is deserved is written beside it;
// a capture not listed must raise nothing.
#include <gtest/gtest.h>

#include <map>

#include "cli/detection_commands.h"
#include "db/alert_store.h"
#include "engine/engine.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using Rules = std::vector<std::string>;

// capture (relative to ../shared/pcaps) -> rule of every alert it raises, sorted.
const std::map<std::string, Rules>& expected() {
  static const std::map<std::string, Rules> kExpected = {
      // Modbus: writes from masters no policy vouches for (low), fuzzing.
      {"modbus/ModbusTCP.pcap", Rules(13, "command.unverified_write")},  // one master, 13 slaves
      {"modbus/fuzz-1011.pcap",
       {"anomaly.malformed", "anomaly.malformed",  // both directions
        "network.ip_conflict"}},  // a fuzzed frame carries 10.10.5.104 from another MAC
      {"modbus/fuzz-72.pcap",
       {"anomaly.malformed", "anomaly.response_without_request",  // fuzzer: reserved codes,
        "scan.function_codes"}},                                  // garbage, replayed answers
      {"modbus/modbusBig.pcap",
       {"command.unverified_write", "command.unverified_write"}},  // FC 5; S7comm-plus SetVariable
      {"modbus/modbusSmall.pcap", {"command.unverified_write"}},   // FC 15
      {"modbus/modbus_test.pcap", {"command.unverified_write"}},   // FC 6
      // DNP3: every dangerous function in its own capture, controls from unverified masters.
      {"dnp3/auth_control_challenge_response.pcap", {"command.unverified_control"}},
      {"dnp3/bro_dnp3.pcap",
       {"anomaly.broadcast_request", "anomaly.broadcast_request",  // requests to 0xFFFF
        "anomaly.malformed", "anomaly.malformed",                  // bad qualifiers, junk
        "command.unverified_control",                              // SELECT
        "device.restart_observed", "device.restart_observed",      // after its restarts
        "dnp3.application_control", "dnp3.application_control",    // STOP_APPL
        "dnp3.disable_unsolicited", "dnp3.disable_unsolicited",    // from two masters
        "dnp3.restart", "dnp3.restart"}},                          // cold and warm restarts
      {"dnp3/bro_dnp3_file_del.pcap", {"dnp3.file_delete"}},
      {"dnp3/bro_dnp3_file_read.pcap", {"dnp3.file_transfer"}},
      {"dnp3/bro_dnp3_file_write.pcap", {"dnp3.file_transfer"}},
      {"dnp3/bro_dnp3_select_operate.pcap", {"command.unverified_control"}},
      {"dnp3/cold_restart_and_response.pcap", {"dnp3.restart"}},
      {"dnp3/direct_operate_analog_output.pcap", {"command.unverified_control"}},
      {"dnp3/direct_operate_crob_malform_but_good_crc.pcap",
       {"anomaly.malformed", "command.unverified_control"}},
      {"dnp3/direct_operate_no_ack_crob.pcap", {"command.unverified_control"}},
      {"dnp3/directoperate_and_response.pcap", {"command.unverified_control"}},
      {"dnp3/disable_unsolcited_and_response.pcap", {"dnp3.disable_unsolicited"}},
      {"dnp3/file_delete.pcap", {"dnp3.file_delete"}},
      {"dnp3/file_list_directory.pcap", {"dnp3.file_transfer"}},
      {"dnp3/file_read.pcap", {"dnp3.file_transfer"}},
      {"dnp3/file_write.pcap", {"dnp3.file_transfer"}},
      {"dnp3/full_exchange.pcap", {"dnp3.disable_unsolicited"}},
      {"dnp3/operate_aggressive_mode.pcap", {"command.unverified_control"}},
      {"dnp3/select_operate_and_responses.pcap", {"command.unverified_control"}},
      {"dnp3/warm_restart_and_response.pcap", {"dnp3.restart"}},
      {"dnp3/write_binary_output.pcap", {"command.unverified_write"}},     // g10 output write
      {"dnp3/write_vto_empty_string.pcap", {"command.unverified_write"}},  // g112 VTO write
      // S7comm / S7comm-plus.
      {"s7/S7-1200-Uploading-OB1-TIAV12.pcap", {"s7plus.program_transfer"}},
      {"s7/s7-1200-hmi.pcap", {"command.unverified_write"}},  // SetMultiVariables
      {"s7/s7comm_downloading_block_db1.pcap", {"s7.program_download"}},
      {"s7/s7comm_plus.pcap", {"command.unverified_write", "command.unverified_write"}},
      {"s7/s7comm_reading_setting_plc_time.pcap", {"s7.set_clock"}},
      {"s7/s7comm_varservice_libnodavedemo.pcap", {"command.unverified_write"}},
      {"s7/s7ident.pcap", {"s7.program_upload"}},  // uploads SDB0 to identify the CPU
      {"s7/snap7_s300_everything.pcapng",
       {"command.unverified_write", "s7.copy_ram_to_rom", "s7.pi_service" /* _GARB */,
        "s7.plc_start", "s7.plc_stop", "s7.program_upload", "s7.set_clock"}},
      {"s7/snap7_s300_stop.pcapng", {"s7.plc_stop"}},
      {"s7/step7_s300_AuthPassword.pcapng", {"s7.password"}},
      {"s7/step7_s300_copyRamToRom.pcapng", {"s7.copy_ram_to_rom"}},
      {"s7/step7_s300_download.pcapng", {"s7.program_download"}},
      {"s7/step7_s300_rwVarTab.pcapng", {"command.unverified_write"}},  // modify variable
      {"s7/step7_s300_stop.pcapng", {"s7.plc_stop"}},
      {"s7/tia_s300_downloadHwConfig.pcapng",
       {"s7.config_download", "s7.plc_start", "s7.plc_stop"}},  // stop, SDBs, restart
      {"s7/tia_s300_downloadOb1.pcapng", {"s7.program_download"}},
      {"s7/wincc_s300_setup-alarm-read-write.pcapng", {"command.unverified_write"}},
      {"s7/wincc_s300_setup-alarm-read.pcapng", {"command.unverified_write"}},
      {"s7/wincc_s300_setup-alarm-read_2.pcapng", {"command.unverified_write"}},
      {"s7/wincc_s400_production.pcapng", {"command.unverified_write"}},
      // Other industrial protocols.
      {"other/ChangeIPUsingDCP.pcap",
       {"profinet_dcp.set_ip",       // a PC sets the device's IP over DCP,
        "asset.identity_changed"}},  // and the device answers that it took it
      {"other/profinet-wireshark-bug.pcap", {"profinet_dcp.set_name"}},  // NameOfStation "%n%n%n "
      // The HMI's Read Modify Write Tag services (0x4E) to four Logix controllers.
      {"other/EthernetIP-CIP.pcap", Rules(4, "command.unverified_write")},
      {"other/cip_start_plc.pcap", {"cip.plc_start"}},
      {"other/cip_stop_plc.pcap", {"cip.plc_stop"}},
      {"other/cip_unlock_cpu.pcap", {"cip.controller_lock"}},
      // IEC 104: commands from the master (select and execute), nothing for its interrogations
      // (JavaRMI_and_IEC_Misc polls only: no alert).
      {"other/090813_diverse.pcap",
       {"iec104.control_command",     // C_SC_TA_1, C_DC_TA_1
        "iec104.setpoint_command"}},  // C_SE_NC_1, C_SE_TA_1, C_SE_TC_1
      {"other/TestDissectIec104.pcap",
       {"anomaly.malformed",         // Wireshark's test streams of bytes that start no APDU
        "iec104.clock_sync",         // C_CS_NA_1
        "iec104.control_command"}},  // C_SC_NA_1, C_DC_NA_1
  };
  return kExpected;
}

// What `otscope analyze --db FRESH.db FILE` stores: the run, merged, then detection finished
// against the database (which adds changes found by the inventory's merge).
Rules alert_rules(const std::filesystem::path& file) {
  test::TempDir dir;
  Database db = Database::open((dir.path() / "otscope.db").string());
  cli::DetectionSetup setup = cli::prepare_detection({}, &db);
  EngineOptions options;
  options.detection = std::move(setup.config);
  Engine engine(std::move(options));
  const std::int64_t run = db.begin_run({.source = file.string()});
  engine.run_files({file.string()});
  const AnalysisResult result = engine.take_result();
  const MergeReport merged = db.merge(result, run);
  cli::finish_detection(engine.detector(), &db, merged, {{file.string(), run}}, setup);
  Rules out;
  for (const detection::StoredAlert& a : detection::load_alerts(db))
    out.emplace_back(detection::rule(a.alert.rule).name);
  std::sort(out.begin(), out.end());
  return out;
}

std::string quoted(const Rules& rules) {
  std::string s = "{";
  for (const auto& r : rules) s += (s.size() > 1 ? ", \"" : "\"") + r + "\"";
  return s + "}";
}

TEST(SharedCaptures, AlertsPerCaptureWithTheBuiltInPolicy) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(root);
  std::size_t files = 0, total = 0;
  for (const char* dir : {"modbus", "dnp3", "s7", "other"}) {
    std::vector<std::filesystem::path> captures;
    for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".pcap" || ext == ".pcapng") captures.push_back(entry.path());
    }
    std::sort(captures.begin(), captures.end());
    for (const auto& path : captures) {
      const std::string name = std::string(dir) + "/" + path.filename().string();
      const Rules got = alert_rules(path);
      auto it = expected().find(name);
      const Rules want = it == expected().end() ? Rules{} : it->second;
      Rules sorted_want = want;
      std::sort(sorted_want.begin(), sorted_want.end());
      EXPECT_EQ(got, sorted_want) << name << " raised " << quoted(got);
      ++files;
      total += got.size();
    }
  }
  EXPECT_GE(files, 60u);
  std::size_t want_total = 0;
  for (const auto& [name, rules] : expected()) want_total += rules.size();
  EXPECT_EQ(total, want_total);
}

// The captures the issue names, one by one, for a readable failure when recall breaks.
TEST(SharedCaptures, NamedAttacksAreDetected) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(root);
  auto has = [&](const char* file, const char* rule) {
    const Rules got = alert_rules(root / file);
    return std::find(got.begin(), got.end(), rule) != got.end();
  };
  EXPECT_TRUE(has("s7/step7_s300_stop.pcapng", "s7.plc_stop"));
  EXPECT_TRUE(has("s7/snap7_s300_stop.pcapng", "s7.plc_stop"));
  EXPECT_TRUE(has("s7/step7_s300_download.pcapng", "s7.program_download"));
  EXPECT_TRUE(has("s7/tia_s300_downloadOb1.pcapng", "s7.program_download"));
  EXPECT_TRUE(has("s7/s7comm_downloading_block_db1.pcap", "s7.program_download"));
  EXPECT_TRUE(has("s7/step7_s300_AuthPassword.pcapng", "s7.password"));
  EXPECT_TRUE(has("dnp3/cold_restart_and_response.pcap", "dnp3.restart"));
  EXPECT_TRUE(has("dnp3/warm_restart_and_response.pcap", "dnp3.restart"));
  EXPECT_TRUE(has("dnp3/disable_unsolcited_and_response.pcap", "dnp3.disable_unsolicited"));
  EXPECT_TRUE(has("dnp3/file_delete.pcap", "dnp3.file_delete"));
  EXPECT_TRUE(has("dnp3/directoperate_and_response.pcap", "command.unverified_control"));
  EXPECT_TRUE(has("modbus/fuzz-72.pcap", "anomaly.malformed"));
  EXPECT_TRUE(has("modbus/fuzz-1011.pcap", "anomaly.malformed"));
}

}  // namespace
}  // namespace otscope
