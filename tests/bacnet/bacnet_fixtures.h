// BACnet/IP datagrams for the tests, built from ASHRAE 135 (clauses 20-21, Annex J) and, where
// named, copied from ../shared/pcaps/other/bacnet_test.pcap.
#pragma once

namespace otscope::bacnet::fixtures {

// bacnet_test.pcap frame 16: Complex-ACK readProperty device,4194303 model-name, UCS-2
// 'MS-NAE4510-2'.
inline constexpr const char* kModelNameAck =
    "810a002d 0100 30010c 0c023fffff 1946 3e 7519 04"
    "004d0053002d004e0041004500340035003100300 02d0032 3f";
// bacnet_test.pcap frame 25: Register-Foreign-Device, time-to-live 16 s.
inline constexpr const char* kRegisterForeignDevice = "81050006 0010";
// I-Am device,500, max APDU 1476, segmented-both, vendor 5.
inline constexpr const char* kIAm = "810b0014 0100 1000 c4020001f4 2205c4 9100 2105";
// Who-Is (no range).
inline constexpr const char* kWhoIs = "810b0008 0100 1008";
// Who-Is-Router-To-Network.
inline constexpr const char* kWhoIsRouter = "810b0007 0180 00";
// WriteProperty [7] analog-output,1 present-value REAL 100.0 priority 1.
inline constexpr const char* kWritePriority1 =
    "810a001a 0104 0005070f 0c00400001 1955 3e 4442c80000 3f 4901";
// WriteProperty [6] analog-value,3 present-value REAL 21.5 priority 8.
inline constexpr const char* kWritePriority8 =
    "810a001a 0104 0005060f 0c00800003 1955 3e 4441ac0000 3f 4908";
// ReinitializeDevice [8] coldstart.
inline constexpr const char* kReinitColdstart = "810a000c 0104 00050814 0900";
// ReinitializeDevice [8] start-backup.
inline constexpr const char* kReinitStartBackup = "810a000c 0104 00050814 0902";
// DeviceCommunicationControl [9] 5 minutes, disable.
inline constexpr const char* kDccDisable = "810a000e 0104 00050911 0905 1901";
// DeviceCommunicationControl [9] disable-initiation.
inline constexpr const char* kDccDisableInitiation = "810a000c 0104 00050911 1902";
// AtomicWriteFile [10] file,1 stream at 0, 3 bytes.
inline constexpr const char* kAtomicWriteFile =
    "810a0018 0104 00050a07 c402800001 0e 3100 6303010203 0f";
// DeleteObject [11] schedule,3.
inline constexpr const char* kDeleteObject = "810a000f 0104 00050b0b c404400003";
// Error for readProperty [1]: property, unknown-property.
inline constexpr const char* kErrorUnknownProperty = "810a000d 0100 50010c 9102 9120";
// Reject [7] reason 9 (unrecognized-service).
inline constexpr const char* kReject7 = "810a0009 0100 600709";
// Complex-ACK readPropertyMultiple [2] device,500: model-name 'ABCD' (UTF-8),
// firmware-revision an error.
inline constexpr const char* kRpmAck =
    "810a0023 0100 30020e 0c020001f4 1e 2946 4e 75050041424344 4f 292c 5e91029120 5f 1f";

}  // namespace otscope::bacnet::fixtures
