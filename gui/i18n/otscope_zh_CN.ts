<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertDetail</name>
    <message>
        <source>, unit %1</source>
        <translation>，单元 %1</translation>
    </message>
    <message>
        <source> on </source>
        <translation> 于 </translation>
    </message>
    <message>
        <source>%1 occurrence</source>
        <translation>%1 次</translation>
    </message>
    <message>
        <source>%1 occurrences</source>
        <translation>%1 次</translation>
    </message>
</context>
<context>
    <name>AssetDetail</name>
    <message>
        <source>%1 change</source>
        <translation>%1 次变更</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 次变更</translation>
    </message>
    <message>
        <source>%1 peer</source>
        <translation>%1 个对端</translation>
    </message>
    <message>
        <source>%1 peers</source>
        <translation>%1 个对端</translation>
    </message>
</context>
<context>
    <name>BaselineBar</name>
    <message>
        <source>built-in policy</source>
        <translation>内置策略</translation>
    </message>
    <message>
        <source>policy %1</source>
        <translation>策略 %1</translation>
    </message>
    <message>
        <source>policy %1: %2</source>
        <translation>策略 %1：%2</translation>
    </message>
    <message>
        <source>learns for %1, then enforces</source>
        <translation>学习 %1，之后执行</translation>
    </message>
    <message>
        <source>enforces the stored baseline when there is one</source>
        <translation>有已存基线时执行该基线</translation>
    </message>
    <message>
        <source>baseline rules off</source>
        <translation>基线规则已关闭</translation>
    </message>
    <message>
        <source>learns, raises no baseline alerts</source>
        <translation>学习中，不产生基线告警</translation>
    </message>
    <message>
        <source>enforces: anything outside the baseline is an alert</source>
        <translation>执行中：基线之外的一切都会告警</translation>
    </message>
    <message>
        <source>%1 entry</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <source>%1 path</source>
        <translation>%1 条路径</translation>
    </message>
    <message>
        <source>%1 paths</source>
        <translation>%1 条路径</translation>
    </message>
</context>
<context>
    <name>DbEditor</name>
    <message>
        <source>%1 alert marked</source>
        <translation>已标记 %1 条告警</translation>
    </message>
    <message>
        <source>%1 alerts marked</source>
        <translation>已标记 %1 条告警</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 asset</source>
        <translation>%1 个资产</translation>
    </message>
    <message>
        <source>%1 assets</source>
        <translation>%1 个资产</translation>
    </message>
    <message>
        <source>%1 open alert</source>
        <translation>%1 条未处理告警</translation>
    </message>
    <message>
        <source>%1 open alerts</source>
        <translation>%1 条未处理告警</translation>
    </message>
    <message>
        <source>%1 row</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>Replaying %1 file…</source>
        <translation>正在回放 %1 个文件…</translation>
    </message>
    <message>
        <source>Replaying %1 files…</source>
        <translation>正在回放 %1 个文件…</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>cannot write HTML report &apos;%1&apos;</source>
        <translation>无法写入 HTML 报告“%1”</translation>
    </message>
</context>
<context>
    <name>RunWorkers</name>
    <message>
        <source>%1 packets, %2 assets, %3 operations, %4 alerts</source>
        <translation>%1 个数据包，%2 个资产，%3 项操作，%4 条告警</translation>
    </message>
    <message>
        <source>; stopped early, what was read is kept</source>
        <translation>；已提前停止，已读取的内容已保留</translation>
    </message>
    <message>
        <source>; nothing was stored: %1</source>
        <translation>；未保存任何内容：%1</translation>
    </message>
    <message>
        <source>Replay of %1 file</source>
        <translation>回放 %1 个文件</translation>
    </message>
    <message>
        <source>Replay of %1 files</source>
        <translation>回放 %1 个文件</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <source>%1 row</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
</context>
<context>
    <name>alert_state</name>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>anomalies</name>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>assets</name>
    <message>
        <source>, CVSS %1</source>
        <translation>，CVSS %1</translation>
    </message>
    <message>
        <source>%1 affected</source>
        <translation>%1 项受影响</translation>
    </message>
    <message>
        <source>%1 possibly</source>
        <translation>%1 项可能受影响</translation>
    </message>
    <message>
        <source> (max CVSS %1)</source>
        <translation>（最高 CVSS %1）</translation>
    </message>
    <message>
        <source>%1 (confidence %2%)</source>
        <translation>%1（置信度 %2%）</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <source>Filter: %1:text</source>
        <translation>筛选：%1:文本</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The auditor&apos;s name, else a host name, else the device&apos;s own</source>
        <translation>审计员命名，其次为主机名，再次为设备自报名称</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP 地址</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>MAC vendor</source>
        <translation>MAC 厂商</translation>
    </message>
    <message>
        <source>Vendor of the MAC address (IEEE registry)</source>
        <translation>MAC 地址所属厂商（IEEE 注册表）</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Role inferred from behaviour</source>
        <translation>根据行为推断的角色</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Vendor the device reports about itself</source>
        <translation>设备自报的厂商</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订货号</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Protocols</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>VLANs</source>
        <translation>VLAN</translation>
    </message>
    <message>
        <source>Host names</source>
        <translation>主机名</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>重要程度</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Purdue level</source>
        <translation>普渡层级</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>未处理告警</translation>
    </message>
    <message>
        <source>Open or acknowledged alerts this device sent or received</source>
        <translation>该设备发出或收到的未处理或已确认告警</translation>
    </message>
    <message>
        <source>Advisories</source>
        <translation>安全公告</translation>
    </message>
    <message>
        <source>Public advisories (CSAF) whose products match this device, with the highest CVSS score among them</source>
        <translation>产品与该设备匹配的公开安全公告（CSAF），及其中最高的 CVSS 评分</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>首次发现</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近发现</translation>
    </message>
    <message>
        <source>Packets sent</source>
        <translation>发送包数</translation>
    </message>
    <message>
        <source>Packets received</source>
        <translation>接收包数</translation>
    </message>
    <message>
        <source>Bytes sent</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>Bytes received</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>CVSS</source>
        <translation>CVSS</translation>
    </message>
    <message>
        <source>Highest CVSS base score of the advisory&apos;s vulnerabilities that concern the device; not-affected rows sort after all others</source>
        <translation>公告中涉及该设备的漏洞的最高 CVSS 基础评分；不受影响的行排在最后</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Affected: the device&apos;s product and firmware are listed as vulnerable. Possibly: the product is listed but the firmware is unknown or the range not understood. Not affected: listed as fixed or outside the vulnerable versions</source>
        <translation>受影响：设备的产品和固件被列为存在漏洞。可能受影响：产品在列，但固件未知或版本范围无法判断。不受影响：已修复或不在受影响版本范围内</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>资产</translation>
    </message>
    <message>
        <source>Advisory</source>
        <translation>安全公告</translation>
    </message>
    <message>
        <source>The advisory&apos;s tracking id</source>
        <translation>公告的跟踪编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>What the device reports about itself</source>
        <translation>设备自报的信息</translation>
    </message>
    <message>
        <source>CVEs</source>
        <translation>CVE</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>What the advisory says to do: vendor fixes first</source>
        <translation>公告建议的处置：厂商修复优先</translation>
    </message>
    <message>
        <source>Matched product</source>
        <translation>匹配的产品</translation>
    </message>
    <message>
        <source>The advisory&apos;s product that matched the device</source>
        <translation>与该设备匹配的公告产品</translation>
    </message>
    <message>
        <source>Vulnerable versions</source>
        <translation>受影响版本</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Who sent the offending messages</source>
        <translation>发送违规报文的主机</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>The device they were sent to</source>
        <translation>报文发往的设备</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>ATT&amp;CK</source>
        <translation>ATT&amp;CK</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>The requester: master, HMI, engineering station</source>
        <translation>请求方：主站、HMI、工程师站</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务端</translation>
    </message>
    <message>
        <source>The responder: PLC, RTU, outstation</source>
        <translation>应答方：PLC、RTU、子站</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Modbus unit id, DNP3 outstation address</source>
        <translation>Modbus 单元标识，DNP3 子站地址</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Sub-function, PI service, block or object the operation names</source>
        <translation>操作涉及的子功能、PI 服务、块或对象</translation>
    </message>
    <message>
        <source>Ranges</source>
        <translation>地址范围</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Unsolicited</source>
        <translation>主动上报</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>异常响应</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>目的地址</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>传输层</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流</translation>
    </message>
    <message>
        <source>Packets</source>
        <translation>数据包</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>First packet</source>
        <translation>首个数据包</translation>
    </message>
    <message>
        <source>Last packet</source>
        <translation>最后数据包</translation>
    </message>
    <message>
        <source>Drops</source>
        <translation>丢包</translation>
    </message>
    <message>
        <source>Packets the kernel or interface dropped (live capture)</source>
        <translation>内核或网卡丢弃的数据包（实时采集）</translation>
    </message>
    <message>
        <source>Undecodable</source>
        <translation>无法解码</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Learned from traffic, imported, or accepted from an alert</source>
        <translation>从流量学习、导入，或由告警接受而来</translation>
    </message>
</context>
<context>
    <name>criticality</name>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>The otscope desktop console: assets, alerts and operations of an industrial network, from an otscope database (followed live while a sensor writes it).</source>
        <translation>otscope 桌面控制台：从 otscope 数据库查看工业网络的资产、告警和操作（传感器写入时实时跟随）。</translation>
    </message>
    <message>
        <source>Database to open (default: $OTSCOPE_DB or ./otscope.db).</source>
        <translation>要打开的数据库（默认：$OTSCOPE_DB 或 ./otscope.db）。</translation>
    </message>
    <message>
        <source>Never write: no acknowledging, editing or replaying.</source>
        <translation>只读：不确认、不编辑、不回放。</translation>
    </message>
    <message>
        <source>Detection policy (TOML) for replays and live captures.</source>
        <translation>回放和实时采集使用的检测策略（TOML）。</translation>
    </message>
    <message>
        <source>Render a view at 1600x1000 to this PNG file and exit.</source>
        <translation>以 1600x1000 将一个视图渲染为此 PNG 文件后退出。</translation>
    </message>
    <message>
        <source>The view to show: %1.</source>
        <translation>要显示的视图：%1。</translation>
    </message>
    <message>
        <source>With --screenshot: filter the view with this text and select its first row.</source>
        <translation>与 --screenshot 一起使用：用此文本筛选视图并选中第一行。</translation>
    </message>
    <message>
        <source>Capture files to replay into the database.</source>
        <translation>要回放到数据库中的抓包文件。</translation>
    </message>
    <message>
        <source>Language of the console: %1 (default: the system&apos;s).</source>
        <translation>控制台语言：%1（默认：跟随系统）。</translation>
    </message>
</context>
<context>
    <name>map</name>
    <message>
        <source>No IP address</source>
        <translation>无 IP 地址</translation>
    </message>
    <message>
        <source>Untagged</source>
        <translation>无 VLAN 标记</translation>
    </message>
    <message>
        <source>VLAN %1</source>
        <translation>VLAN %1</translation>
    </message>
    <message>
        <source>No zone recorded</source>
        <translation>未记录区域</translation>
    </message>
    <message>
        <source>Zone: %1</source>
        <translation>区域：%1</translation>
    </message>
    <message>
        <source>No Purdue level recorded</source>
        <translation>未记录普渡层级</translation>
    </message>
    <message>
        <source>Purdue level %1</source>
        <translation>普渡第 %1 层</translation>
    </message>
    <message>
        <source>PLC</source>
        <translation>PLC</translation>
    </message>
    <message>
        <source>RTU / outstation</source>
        <translation>RTU / 子站</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>HMI / SCADA client</source>
        <translation>HMI / SCADA 客户端</translation>
    </message>
    <message>
        <source>SCADA master</source>
        <translation>SCADA 主站</translation>
    </message>
    <message>
        <source>Engineering station</source>
        <translation>工程师站</translation>
    </message>
    <message>
        <source>Historian</source>
        <translation>历史数据库</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>路由器</translation>
    </message>
    <message>
        <source>IT host</source>
        <translation>IT 主机</translation>
    </message>
    <message>
        <source>Unknown role</source>
        <translation>未知角色</translation>
    </message>
    <message>
        <source>Collapsed group</source>
        <translation>已折叠分组</translation>
    </message>
    <message>
        <source>%1 assets</source>
        <translation>%1 个资产</translation>
    </message>
    <message>
        <source>write, control, program or mode change</source>
        <translation>写、控制、程序或模式变更</translation>
    </message>
    <message>
        <source>open alerts</source>
        <translation>未处理告警</translation>
    </message>
</context>
<context>
    <name>otscope::gui::AdvisoryDetail</name>
    <message>
        <source>Show asset</source>
        <translation>显示资产</translation>
    </message>
    <message>
        <source>Open the device in the assets view (Enter on the row)</source>
        <translation>在资产视图中打开该设备（在行上按 Enter）</translation>
    </message>
    <message>
        <source>Copy advisory URL</source>
        <translation>复制公告链接</translation>
    </message>
    <message>
        <source>Copy the advisory&apos;s address, to open it in a browser</source>
        <translation>复制公告地址，以便在浏览器中打开</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>No advisory selected</source>
        <translation>未选择安全公告</translation>
    </message>
    <message>
        <source>Select a row to see why the advisory concerns the device, its CVEs and what to do.</source>
        <translation>选择一行，查看该公告为何涉及此设备、相关 CVE 以及处置办法。</translation>
    </message>
    <message>
        <source>CVSS %1</source>
        <translation>CVSS %1</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Advisory</source>
        <translation>安全公告</translation>
    </message>
    <message>
        <source>Tracking id</source>
        <translation>跟踪编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Product listed</source>
        <translation>所列产品</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Vulnerabilities</source>
        <translation>漏洞</translation>
    </message>
    <message>
        <source>CVSS</source>
        <translation>CVSS</translation>
    </message>
    <message>
        <source>CVSS vector</source>
        <translation>CVSS 向量</translation>
    </message>
    <message>
        <source>CVE</source>
        <translation>CVE</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>资产</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP 地址</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Module type</source>
        <translation>模块类型</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订货号</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>The advisory names no remediation for this product.</source>
        <translation>该公告未给出此产品的处置措施。</translation>
    </message>
</context>
<context>
    <name>otscope::gui::AlertDetail</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Seen and being handled (Ctrl+K)</source>
        <translation>已看到，正在处理（Ctrl+K）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Done; a new occurrence opens a new alert (Ctrl+Shift+K)</source>
        <translation>已处理完毕；再次发生时将产生新告警（Ctrl+Shift+K）</translation>
    </message>
    <message>
        <source>Accept into baseline…</source>
        <translation>接受为基线…</translation>
    </message>
    <message>
        <source>Treat what this alert saw as normal from now on, and close it (Ctrl+B)</source>
        <translation>今后将此告警所见视为正常，并关闭告警（Ctrl+B）</translation>
    </message>
    <message>
        <source>Source asset</source>
        <translation>来源资产</translation>
    </message>
    <message>
        <source>Target asset</source>
        <translation>目标资产</translation>
    </message>
    <message>
        <source>This alert holds no communication the baseline could learn: accepting it only closes it.</source>
        <translation>此告警不含基线可学习的通信：接受它只会将其关闭。</translation>
    </message>
    <message>
        <source>From now on the baseline will treat these as normal, and the alert will be closed:
%1</source>
        <translation>今后基线会将以下内容视为正常，并关闭此告警：
%1</translation>
    </message>
    <message>
        <source>No alert selected</source>
        <translation>未选择告警</translation>
    </message>
    <message>
        <source>Select an alert to see what happened, who did it and the messages that show it.</source>
        <translation>选择一条告警，查看发生了什么、由谁所为以及作为证据的报文。</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4 – %5</source>
        <translation>%1 · %2 · %3 · %4 – %5</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Functions</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>ATT&amp;CK for ICS</source>
        <translation>ATT&amp;CK for ICS</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Alert id</source>
        <translation>告警编号</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>no decoded messages stored</source>
        <translation>未保存已解码的报文</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>frame %1 of %2</source>
        <translation>%2 的第 %1 帧</translation>
    </message>
    <message>
        <source>… %1 more occurrences not kept</source>
        <translation>… 另有 %1 次未保留</translation>
    </message>
    <message>
        <source>Accepting it would allow</source>
        <translation>接受后将允许</translation>
    </message>
    <message>
        <source>Evidence pcap…</source>
        <translation>证据 pcap…</translation>
    </message>
    <message>
        <source>Write the frames that show this alert, with their connections&apos; TCP handshakes, from the original capture to a pcap file for Wireshark</source>
        <translation>将体现此告警的数据帧及其连接的 TCP 握手从原始抓包文件写入 pcap 文件，供 Wireshark 使用</translation>
    </message>
    <message>
        <source>frames %1 of %2</source>
        <translation>%2 的第 %1 帧</translation>
    </message>
</context>
<context>
    <name>otscope::gui::AlertFilterBar</name>
    <message>
        <source>Minimum severity</source>
        <translation>最低严重程度</translation>
    </message>
    <message>
        <source>Any severity</source>
        <translation>任意严重程度</translation>
    </message>
    <message>
        <source>Medium and above</source>
        <translation>中及以上</translation>
    </message>
    <message>
        <source>High and above</source>
        <translation>高及以上</translation>
    </message>
    <message>
        <source>Critical only</source>
        <translation>仅严重</translation>
    </message>
    <message>
        <source>Alert state</source>
        <translation>告警状态</translation>
    </message>
    <message>
        <source>Open and acknowledged</source>
        <translation>未处理和已确认</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Only alerts of this rule</source>
        <translation>仅此规则的告警</translation>
    </message>
    <message>
        <source>Every rule</source>
        <translation>全部规则</translation>
    </message>
    <message>
        <source>Time range, relative to the newest alert</source>
        <translation>时间范围（相对于最新告警）</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>介于…</translation>
    </message>
</context>
<context>
    <name>otscope::gui::AssetDetail</name>
    <message>
        <source>Operations</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Show this device&apos;s operations (as client and as server)</source>
        <translation>显示该设备的操作（作为客户端和服务端）</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Show the alerts this device sent or received</source>
        <translation>显示该设备发出或收到的告警</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Auditor fields</source>
        <translation>审计字段</translation>
    </message>
    <message>
        <source>What the plant calls this device</source>
        <translation>工厂对该设备的称呼</translation>
    </message>
    <message>
        <source>Zone or conduit (IEC 62443)</source>
        <translation>区域或管道（IEC 62443）</translation>
    </message>
    <message>
        <source>Comma-separated</source>
        <translation>以逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Store these fields in the database (Ctrl+S)</source>
        <translation>将这些字段保存到数据库（Ctrl+S）</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>Criticalit&amp;y</source>
        <translation>重要程度(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Zone</source>
        <translation>区域(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Purdue level</source>
        <translation>普渡层级(&amp;P)</translation>
    </message>
    <message>
        <source>O&amp;wner</source>
        <translation>负责人(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Tags</source>
        <translation>标签(&amp;T)</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>No asset selected</source>
        <translation>未选择资产</translation>
    </message>
    <message>
        <source>Select a device in the list to see its identity, roles, history and communication.</source>
        <translation>在列表中选择一个设备，查看其身份、角色、历史和通信。</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份信息</translation>
    </message>
    <message>
        <source>nothing reported</source>
        <translation>未报告任何信息</translation>
    </message>
    <message>
        <source>, frame %1</source>
        <translation>，第 %1 帧</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>none inferred</source>
        <translation>未推断出</translation>
    </message>
    <message>
        <source>confidence %1%</source>
        <translation>置信度 %1%</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Behind router</source>
        <translation>位于路由器之后</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>%1 sent, %2 received</source>
        <translation>发送 %1，接收 %2</translation>
    </message>
    <message>
        <source>VLAN</source>
        <translation>VLAN</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>%1 packets sent, %2 received</source>
        <translation>发送 %1 个数据包，接收 %2 个</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 次请求</translation>
    </message>
    <message>
        <source>, %1 exceptions</source>
        <translation>，%1 次异常响应</translation>
    </message>
    <message>
        <source>Commands it sends</source>
        <translation>发出的命令</translation>
    </message>
    <message>
        <source>Commands it receives</source>
        <translation>接收的命令</translation>
    </message>
    <message>
        <source>Other connections</source>
        <translation>其他连接</translation>
    </message>
    <message>
        <source>%1 flows, %2</source>
        <translation>%1 个流，%2</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>未处理告警</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 另有 %1 项</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <source>Last saved %1</source>
        <translation>最近保存于 %1</translation>
    </message>
</context>
<context>
    <name>otscope::gui::BaselineBar</name>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a baseline exported elsewhere, or replace the stored one (Ctrl+I)</source>
        <translation>添加在别处导出的基线，或替换已存基线（Ctrl+I）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the stored baseline as JSON (Ctrl+Shift+E)</source>
        <translation>将已存基线写为 JSON（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <source> · learned %1, imported %2, accepted from alerts %3</source>
        <translation> · 学习 %1，导入 %2，由告警接受 %3</translation>
    </message>
</context>
<context>
    <name>otscope::gui::DashboardView</name>
    <message>
        <source>no role yet</source>
        <translation>尚无角色</translation>
    </message>
    <message>
        <source>Alerts raised by severity</source>
        <translation>按严重程度统计的告警</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Open alerts by rule</source>
        <translation>按规则统计的未处理告警</translation>
    </message>
    <message>
        <source>Assets by role</source>
        <translation>按角色统计的资产</translation>
    </message>
    <message>
        <source>Assets by vendor</source>
        <translation>按厂商统计的资产</translation>
    </message>
    <message>
        <source>Messages per protocol</source>
        <translation>各协议报文数</translation>
    </message>
    <message>
        <source>Top talkers (bytes sent and received)</source>
        <translation>流量最大的主机（收发字节）</translation>
    </message>
    <message>
        <source>Double-click or Enter opens the device</source>
        <translation>双击或按 Enter 打开该设备</translation>
    </message>
    <message>
        <source>Capture health: packets per second</source>
        <translation>采集健康状况：每秒数据包</translation>
    </message>
    <message>
        <source>Reading the database…</source>
        <translation>正在读取数据库…</translation>
    </message>
    <message>
        <source>%1: none yet</source>
        <translation>%1：暂无</translation>
    </message>
    <message>
        <source>Newest time in the database: %1 (now for a live sensor, the end of the capture for a replay); &quot;last 24 h&quot; ends there. Click a bar or an item to open the matching view, filtered.</source>
        <translation>数据库中的最新时间：%1（实时传感器即当前时间，回放则为抓包结束时间）；“最近 24 小时”截止于此。点击柱条或条目可打开经筛选的对应视图。</translation>
    </message>
    <message>
        <source>The database is empty: replay a capture or open the database a sensor writes.</source>
        <translation>数据库为空：请回放抓包文件，或打开传感器写入的数据库。</translation>
    </message>
    <message>
        <source>other rules</source>
        <translation>其他规则</translation>
    </message>
    <message>
        <source>other or unknown</source>
        <translation>其他或未知</translation>
    </message>
    <message>
        <source>%1 (MAC)</source>
        <translation>%1（MAC）</translation>
    </message>
    <message>
        <source>per hour (UTC), the last %1 hours</source>
        <translation>每小时（UTC），最近 %1 小时</translation>
    </message>
    <message>
        <source>per hour (UTC)</source>
        <translation>每小时（UTC）</translation>
    </message>
    <message>
        <source>per day (UTC), the last %1 days</source>
        <translation>每天（UTC），最近 %1 天</translation>
    </message>
    <message>
        <source>per day (UTC)</source>
        <translation>每天（UTC）</translation>
    </message>
    <message>
        <source>per week (UTC), the last %1 weeks</source>
        <translation>每周（UTC），最近 %1 周</translation>
    </message>
    <message>
        <source>per week (UTC)</source>
        <translation>每周（UTC）</translation>
    </message>
    <message>
        <source>per 30 days (UTC), the last %1 periods</source>
        <translation>每 30 天（UTC），最近 %1 个周期</translation>
    </message>
    <message>
        <source>per 30 days (UTC)</source>
        <translation>每 30 天（UTC）</translation>
    </message>
    <message>
        <source>Alerts raised by severity: none yet</source>
        <translation>按严重程度统计的告警：暂无</translation>
    </message>
    <message>
        <source>Alerts raised by severity, %1</source>
        <translation>按严重程度统计的告警，%1</translation>
    </message>
    <message>
        <source>Last 24 h: new assets %1, identity or address changes %2</source>
        <translation>最近 24 小时：新资产 %1 个，身份或地址变更 %2 次</translation>
    </message>
    <message>
        <source>New: %1, %2, first seen %3</source>
        <translation>新增：%1，%2，首次发现于 %3</translation>
    </message>
    <message>
        <source>Changed: %1 %2 from &quot;%3&quot; to &quot;%4&quot; at %5</source>
        <translation>变更：%1 的 %2 从“%3”变为“%4”，时间 %5</translation>
    </message>
    <message>
        <source>No capture run yet.</source>
        <translation>尚无采集任务。</translation>
    </message>
    <message>
        <source>running now</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <source>Run %1 (%2), %3.</source>
        <translation>任务 %1（%2），%3。</translation>
    </message>
    <message>
        <source>No health samples stored for this run (written by an older otscope).</source>
        <translation>此任务未保存健康状况样本（由旧版 otscope 写入）。</translation>
    </message>
    <message>
        <source>Packets %1, kernel drops %2, TCP gaps %3 (%4 bytes), out of order %5, flows evicted %6, malformed frames %7, kept out by caps %8.</source>
        <translation>数据包 %1，内核丢包 %2，TCP 缺口 %3（%4 字节），乱序 %5，被淘汰的流 %6，格式错误帧 %7，因上限未保留 %8。</translation>
    </message>
    <message>
        <source>Too few samples for a rate (a short replay is one sample).</source>
        <translation>样本太少，无法计算速率（短时回放只有一个样本）。</translation>
    </message>
</context>
<context>
    <name>otscope::gui::DbEditor</name>
    <message>
        <source>you have no permission to write &apos;%1&apos;</source>
        <translation>您没有写入“%1”的权限</translation>
    </message>
    <message>
        <source>the folder &apos;%1&apos; does not exist</source>
        <translation>文件夹“%1”不存在</translation>
    </message>
    <message>
        <source>you have no permission to write in the folder &apos;%1&apos;</source>
        <translation>您没有在文件夹“%1”中写入的权限</translation>
    </message>
    <message>
        <source>there is no alert %1 any more</source>
        <translation>告警 %1 已不存在</translation>
    </message>
    <message>
        <source>Alert %1 closed; it held nothing the baseline could learn</source>
        <translation>告警 %1 已关闭；其中没有基线可学习的内容</translation>
    </message>
    <message>
        <source>Alert %1 accepted: %2 baseline entries added, alert closed</source>
        <translation>告警 %1 已接受：新增 %2 条基线条目，告警已关闭</translation>
    </message>
    <message>
        <source>Asset %1 saved</source>
        <translation>资产 %1 已保存</translation>
    </message>
    <message>
        <source>cannot read &apos;%1&apos;</source>
        <translation>无法读取“%1”</translation>
    </message>
    <message>
        <source>Baseline imported from &apos;%1&apos;: %2 paths, %3 functions</source>
        <translation>已从“%1”导入基线：%2 条路径，%3 个功能</translation>
    </message>
    <message>
        <source>cannot write &apos;%1&apos;</source>
        <translation>无法写入“%1”</translation>
    </message>
    <message>
        <source>Baseline exported to &apos;%1&apos;</source>
        <translation>基线已导出到“%1”</translation>
    </message>
    <message>
        <source>Map layout saved</source>
        <translation>地图布局已保存</translation>
    </message>
    <message>
        <source>Map layout reset</source>
        <translation>地图布局已重置</translation>
    </message>
</context>
<context>
    <name>otscope::gui::LiveDialog</name>
    <message>
        <source>Start live capture</source>
        <translation>开始实时采集</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>网络接口</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Capture filter (BPF), e.g. tcp port 502 or tcp port 102</source>
        <translation>采集过滤器（BPF），例如 tcp port 502 or tcp port 102</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Bytes kept of each packet; ICS messages need the whole packet</source>
        <translation>每个数据包保留的字节数；工控报文需要完整数据包</translation>
    </message>
    <message>
        <source>Promiscuous mode (see traffic of other hosts on a mirror port)</source>
        <translation>混杂模式（在镜像端口上查看其他主机的流量）</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>过滤器</translation>
    </message>
    <message>
        <source>Snap length</source>
        <translation>截取长度</translation>
    </message>
    <message>
        <source>Capture on:</source>
        <translation>采集接口：</translation>
    </message>
    <message>
        <source>up</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>down</source>
        <translation>未启用</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>loopback</source>
        <translation>回环</translation>
    </message>
    <message>
        <source>wireless</source>
        <translation>无线</translation>
    </message>
    <message>
        <source>This console may not capture packets (it lacks the CAP_NET_RAW capability). To capture here: %1</source>
        <translation>此控制台无权采集数据包（缺少 CAP_NET_RAW 能力）。若要在此采集：%1</translation>
    </message>
    <message>
        <source>Choose an interface.</source>
        <translation>请选择一个网络接口。</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>过滤器：%1</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>过滤器：</translation>
    </message>
</context>
<context>
    <name>otscope::gui::LiveWorker</name>
    <message>
        <source>Capturing on %1</source>
        <translation>正在 %1 上采集</translation>
    </message>
    <message>
        <source>%1 packets · %2 packets/s · %3 dropped · %4 elapsed</source>
        <translation>%1 个数据包 · %2 包/秒 · 丢弃 %3 · 已用 %4</translation>
    </message>
    <message>
        <source>waiting for packets…</source>
        <translation>等待数据包…</translation>
    </message>
    <message>
        <source>Capture on %1</source>
        <translation>在 %1 上采集</translation>
    </message>
</context>
<context>
    <name>otscope::gui::MainWindow</name>
    <message>
        <source>Show alert</source>
        <translation>显示告警</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Assets</source>
        <translation>资产</translation>
    </message>
    <message>
        <source>Advisories</source>
        <translation>安全公告</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>通信链路</translation>
    </message>
    <message>
        <source>Anomalies</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Capture runs</source>
        <translation>采集任务</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>No alerts. They appear when the traffic shows a dangerous command (a PLC stop, a program download, a restart), a write from an unexpected station, or anything outside the learned baseline.</source>
        <translation>暂无告警。当流量中出现危险命令（PLC 停机、程序下载、重启）、来自意外站点的写操作，或学习基线之外的任何行为时，将在此显示告警。</translation>
    </message>
    <message>
        <source>No devices yet. Replay a capture (Ctrl+R), start a live capture (Ctrl+Shift+L), or open the database a sensor writes (Ctrl+O).</source>
        <translation>暂无设备。回放一个抓包文件（Ctrl+R）、开始实时采集（Ctrl+Shift+L），或打开传感器写入的数据库（Ctrl+O）。</translation>
    </message>
    <message>
        <source>No Modbus, DNP3 or S7 operations seen yet.</source>
        <translation>尚未发现 Modbus、DNP3 或 S7 操作。</translation>
    </message>
    <message>
        <source>No traffic seen yet.</source>
        <translation>尚未发现流量。</translation>
    </message>
    <message>
        <source>No protocol anomalies: every message seen so far was well-formed.</source>
        <translation>无协议异常：目前所见的报文格式均正确。</translation>
    </message>
    <message>
        <source>No capture has been analysed into this database yet.</source>
        <translation>此数据库中尚无已分析的采集。</translation>
    </message>
    <message>
        <source>The baseline is empty. Learn it from normal traffic (otscope baseline learn CAPTURE), accept alerts into it, or import one.</source>
        <translation>基线为空。可从正常流量学习（otscope baseline learn CAPTURE）、将告警接受为基线，或导入基线。</translation>
    </message>
    <message>
        <source>Show not affected</source>
        <translation>显示不受影响项</translation>
    </message>
    <message>
        <source>Also list the advisories that name a device but whose vulnerable versions exclude its firmware</source>
        <translation>同时列出提及该设备、但受影响版本不包含其固件的公告</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop; what was read so far is kept (Ctrl+.)</source>
        <translation>停止；已读取的内容将保留（Ctrl+.）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Replay captures…</source>
        <translation>回放抓包文件(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Export view as CSV…</source>
        <translation>将视图导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Write &amp;report (PDF/HTML)…</source>
        <translation>生成报告(&amp;R)（PDF/HTML）…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Capture</source>
        <translation>采集(&amp;C)</translation>
    </message>
    <message>
        <source>Start &amp;live capture…</source>
        <translation>开始实时采集(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>确认(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Accept into &amp;baseline…</source>
        <translation>接受为基线(&amp;B)…</translation>
    </message>
    <message>
        <source>Show &amp;critical and high</source>
        <translation>显示严重和高(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Find everywhere…</source>
        <translation>全局查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Filter this &amp;view</source>
        <translation>筛选当前视图(&amp;V)</translation>
    </message>
    <message>
        <source>C&amp;olumns…</source>
        <translation>列(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Baseline</source>
        <translation>基线(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About otscope console</source>
        <translation>关于 otscope 控制台(&amp;A)</translation>
    </message>
    <message>
        <source>About otscope console</source>
        <translation>关于 otscope 控制台</translation>
    </message>
    <message>
        <source>otscope console 0.1.0
Passive monitoring of industrial control networks: Modbus/TCP, DNP3, S7comm.
It never transmits.</source>
        <translation>otscope 控制台 0.1.0
工业控制网络的被动监测：Modbus/TCP、DNP3、S7comm。
从不发送任何数据。</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主要</translation>
    </message>
    <message>
        <source>Enter / double-click	Open the related row (alert → asset → operations)</source>
        <translation>Enter / 双击	打开相关行（告警 → 资产 → 操作）</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>otscope console — %1</source>
        <translation>otscope 控制台 — %1</translation>
    </message>
    <message>
        <source>opened with --read-only</source>
        <translation>以 --read-only 打开</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>waiting: %1</source>
        <translation>等待中：%1</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <source>reading the database…</source>
        <translation>正在读取数据库…</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source> · following a live capture</source>
        <translation> · 正在跟随实时采集</translation>
    </message>
    <message>
        <source> (%1 critical)</source>
        <translation>（%1 条严重）</translation>
    </message>
    <message>
        <source> · read %1</source>
        <translation> · 读取于 %1</translation>
    </message>
    <message>
        <source>No public advisories stored. Import CSAF 2.0 advisories (e.g. CISA&apos;s ICS advisories) with: otscope advisories import DIR --db DATABASE. Each device that identified itself (vendor, order number, firmware) is then judged against them.</source>
        <translation>尚未保存公开安全公告。使用 otscope advisories import DIR --db DATABASE 导入 CSAF 2.0 公告（例如 CISA 的 ICS 公告），之后每个报告了自身身份（厂商、订货号、固件）的设备都会据此进行判定。</translation>
    </message>
    <message>
        <source>None of the %1 stored advisories names a device seen so far. Devices are matched by what they report about themselves (vendor, order number, firmware); those that said nothing cannot be judged.</source>
        <translation>已存的 %1 条公告均未涉及目前发现的设备。设备按其自报信息（厂商、订货号、固件）匹配；未报告信息的设备无法判定。</translation>
    </message>
    <message>
        <source>%1: %2 — %3, %4</source>
        <translation>%1：%2 — %3，%4</translation>
    </message>
    <message>
        <source>%1: %2 — %3 → %4, %5</source>
        <translation>%1：%2 — %3 → %4，%5</translation>
    </message>
    <message>
        <source>  (+%1 more high or critical)</source>
        <translation>  （另有 %1 条高或严重）</translation>
    </message>
    <message>
        <source>No asset owns %1</source>
        <translation>没有资产拥有 %1</translation>
    </message>
    <message>
        <source>What this alert saw will be treated as normal from now on.</source>
        <translation>今后此告警所见内容将被视为正常。</translation>
    </message>
    <message>
        <source>Accept into baseline</source>
        <translation>接受为基线</translation>
    </message>
    <message>
        <source>Accept alert %1 into the baseline?</source>
        <translation>将告警 %1 接受为基线？</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>otscope databases (*.db *.sqlite);;All files (*)</source>
        <translation>otscope 数据库 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>Stop the running replay or capture first.</source>
        <translation>请先停止正在进行的回放或采集。</translation>
    </message>
    <message>
        <source>Replay captures</source>
        <translation>回放抓包文件</translation>
    </message>
    <message>
        <source>Captures (*.pcap *.pcapng *.cap *.pcap.gz);;All files (*)</source>
        <translation>抓包文件 (*.pcap *.pcapng *.cap *.pcap.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export view as CSV</source>
        <translation>将视图导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>%1 written to %2</source>
        <translation>已将 %1 写入 %2</translation>
    </message>
    <message>
        <source>Write report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;HTML (*.html)</source>
        <translation>PDF (*.pdf);;HTML (*.html)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Report not written</source>
        <translation>报告未写入</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <source>Import baseline</source>
        <translation>导入基线</translation>
    </message>
    <message>
        <source>Baseline (*.json);;All files (*)</source>
        <translation>基线 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Add the imported entries to the stored baseline, or replace it?</source>
        <translation>将导入的条目添加到已存基线，还是替换它？</translation>
    </message>
    <message>
        <source>Export baseline</source>
        <translation>导出基线</translation>
    </message>
    <message>
        <source>Baseline (*.json)</source>
        <translation>基线 (*.json)</translation>
    </message>
    <message>
        <source>Replaying writes to the database, which is read-only: %1</source>
        <translation>回放需要写入数据库，但数据库为只读：%1</translation>
    </message>
    <message>
        <source>A replay or capture is already running.</source>
        <translation>已有回放或采集正在进行。</translation>
    </message>
    <message>
        <source>Starting capture on %1…</source>
        <translation>正在 %1 上启动采集…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>A replay or capture is running. Stop it and quit? What was read so far is kept.</source>
        <translation>回放或采集正在进行。停止并退出吗？已读取的内容将保留。</translation>
    </message>
    <message>
        <source>Export evidence</source>
        <translation>导出证据</translation>
    </message>
    <message>
        <source>pcap (*.pcap)</source>
        <translation>pcap (*.pcap)</translation>
    </message>
    <message>
        <source>Evidence not exported</source>
        <translation>证据未导出</translation>
    </message>
    <message>
        <source>Evidence of alert %1 written to %2</source>
        <translation>告警 %1 的证据已写入 %2</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Network map</source>
        <translation>网络拓扑图</translation>
    </message>
    <message>
        <source>Network &amp;map</source>
        <translation>网络拓扑图(&amp;M)</translation>
    </message>
</context>
<context>
    <name>otscope::gui::MapView</name>
    <message>
        <source>No grouping</source>
        <translation>不分组</translation>
    </message>
    <message>
        <source>Group by subnet</source>
        <translation>按子网分组</translation>
    </message>
    <message>
        <source>Group by VLAN</source>
        <translation>按 VLAN 分组</translation>
    </message>
    <message>
        <source>Group by zone</source>
        <translation>按区域分组</translation>
    </message>
    <message>
        <source>Group by Purdue level</source>
        <translation>按普渡层级分组</translation>
    </message>
    <message>
        <source>Zones and Purdue levels are what the auditor recorded per asset</source>
        <translation>区域和普渡层级为审计员为每个资产记录的内容</translation>
    </message>
    <message>
        <source>All protocols</source>
        <translation>全部协议</translation>
    </message>
    <message>
        <source>All operations</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>Writes and control</source>
        <translation>写操作和控制</translation>
    </message>
    <message>
        <source>Program and mode changes</source>
        <translation>程序和模式变更</translation>
    </message>
    <message>
        <source>Only the links that carry these operations, and their devices</source>
        <translation>仅显示承载这些操作的链路及其设备</translation>
    </message>
    <message>
        <source>Find name, IP or MAC…</source>
        <translation>查找名称、IP 或 MAC…</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom in (mouse wheel)</source>
        <translation>放大（鼠标滚轮）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom out (mouse wheel)</source>
        <translation>缩小（鼠标滚轮）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show the whole map</source>
        <translation>显示整张地图</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>Forget where nodes were dragged (in this grouping) and lay the map out again</source>
        <translation>忘记（此分组下）拖动过的节点位置，重新布局</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save the map as a PNG image</source>
        <translation>将地图保存为 PNG 图像</translation>
    </message>
    <message>
        <source>Export the map as PNG</source>
        <translation>将地图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Map saved to %1</source>
        <translation>地图已保存到 %1</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <source>Save the map as an SVG drawing</source>
        <translation>将地图保存为 SVG 矢量图</translation>
    </message>
    <message>
        <source>Export the map as SVG</source>
        <translation>将地图导出为 SVG</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>No device matches “%1”</source>
        <translation>没有设备匹配“%1”</translation>
    </message>
    <message>
        <source>This console is read-only: the new position is not saved (%1)</source>
        <translation>此控制台为只读：新位置未保存（%1）</translation>
    </message>
    <message>
        <source>Expand group</source>
        <translation>展开分组</translation>
    </message>
    <message>
        <source>Open asset</source>
        <translation>打开资产</translation>
    </message>
    <message>
        <source>Collapse its group</source>
        <translation>折叠其所在分组</translation>
    </message>
    <message>
        <source>Show operations</source>
        <translation>显示操作</translation>
    </message>
    <message>
        <source>Collapse group</source>
        <translation>折叠分组</translation>
    </message>
    <message>
        <source>Expand all groups</source>
        <translation>展开全部分组</translation>
    </message>
    <message>
        <source>Collapse all groups</source>
        <translation>折叠全部分组</translation>
    </message>
    <message>
        <source>Found %1</source>
        <translation>找到 %1</translation>
    </message>
    <message>
        <source>The map is empty</source>
        <translation>地图为空</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Waiting for the database…</source>
        <translation>等待数据库…</translation>
    </message>
    <message>
        <source>Laying the map out…</source>
        <translation>正在布局地图…</translation>
    </message>
    <message>
        <source>PLC</source>
        <translation>PLC</translation>
    </message>
    <message>
        <source>RTU / outstation</source>
        <translation>RTU / 子站</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>HMI / SCADA client</source>
        <translation>HMI / SCADA 客户端</translation>
    </message>
    <message>
        <source>SCADA master</source>
        <translation>SCADA 主站</translation>
    </message>
    <message>
        <source>Engineering station</source>
        <translation>工程师站</translation>
    </message>
    <message>
        <source>Historian</source>
        <translation>历史数据库</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>路由器</translation>
    </message>
    <message>
        <source>IT host</source>
        <translation>IT 主机</translation>
    </message>
    <message>
        <source>Unknown role</source>
        <translation>未知角色</translation>
    </message>
    <message>
        <source>several protocols</source>
        <translation>多种协议</translation>
    </message>
    <message>
        <source>Double-click to expand the group.</source>
        <translation>双击展开该分组。</translation>
    </message>
    <message>
        <source>Double-click to open the asset.</source>
        <translation>双击打开该资产。</translation>
    </message>
    <message>
        <source>Double-click the frame to collapse the group.</source>
        <translation>双击边框折叠该分组。</translation>
    </message>
    <message>
        <source>write, control, program or mode change</source>
        <translation>写、控制、程序或模式变更</translation>
    </message>
    <message>
        <source>open alerts</source>
        <translation>未处理告警</translation>
    </message>
    <message>
        <source>No IP address</source>
        <translation>无 IP 地址</translation>
    </message>
    <message>
        <source>Untagged</source>
        <translation>无 VLAN 标记</translation>
    </message>
    <message>
        <source>VLAN %1</source>
        <translation>VLAN %1</translation>
    </message>
    <message>
        <source>No zone recorded</source>
        <translation>未记录区域</translation>
    </message>
    <message>
        <source>Zone: %1</source>
        <translation>区域：%1</translation>
    </message>
    <message>
        <source>No Purdue level recorded</source>
        <translation>未记录普渡层级</translation>
    </message>
    <message>
        <source>Purdue level %1</source>
        <translation>普渡第 %1 层</translation>
    </message>
    <message>
        <source>Carries write, control, program or mode-change operations</source>
        <translation>承载写、控制、程序或模式变更操作</translation>
    </message>
    <message>
        <source>Double-click to show its operations.</source>
        <translation>双击显示其操作。</translation>
    </message>
    <message>
        <source>layout %1 (%2 ms)</source>
        <translation>布局 %1（%2 毫秒）</translation>
    </message>
    <message>
        <source>Graphviz failed, drawn as a grid: %1</source>
        <translation>Graphviz 布局失败，已按网格绘制：%1</translation>
    </message>
    <message>
        <source>read-only: dragged positions are not saved</source>
        <translation>只读：拖动后的位置不会保存</translation>
    </message>
    <message>
        <source>%1 asset</source>
        <translation>%1 个资产</translation>
    </message>
    <message>
        <source>%1 assets</source>
        <translation>%1 个资产</translation>
    </message>
    <message>
        <source>%1 open alert</source>
        <translation>%1 条未处理告警</translation>
    </message>
    <message>
        <source>%1 open alerts</source>
        <translation>%1 条未处理告警</translation>
    </message>
    <message>
        <source>%1 link</source>
        <translation>%1 条链路</translation>
    </message>
    <message>
        <source>%1 links aggregated</source>
        <translation>已合并 %1 条链路</translation>
    </message>
    <message>
        <source>%1 node</source>
        <translation>%1 个节点</translation>
    </message>
    <message>
        <source>%1 nodes</source>
        <translation>%1 个节点</translation>
    </message>
    <message>
        <source>%1 links</source>
        <translation>%1 条链路</translation>
    </message>
    <message>
        <source>%1 with write/control operations</source>
        <translation>%1 条承载写/控制操作</translation>
    </message>
    <message>
        <source>%1 group collapsed (double-click to expand)</source>
        <translation>%1 个分组已折叠（双击展开）</translation>
    </message>
    <message>
        <source>%1 groups collapsed (double-click to expand)</source>
        <translation>%1 个分组已折叠（双击展开）</translation>
    </message>
</context>
<context>
    <name>otscope::gui::ReplayWorker</name>
    <message>
        <source>Replaying %1 (%2 of %3)</source>
        <translation>正在回放 %1（第 %2 个，共 %3 个）</translation>
    </message>
    <message>
        <source>%1 packets · %2 packets/s · %3 elapsed</source>
        <translation>%1 个数据包 · %2 包/秒 · 已用 %3</translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation> · 剩余 %1</translation>
    </message>
</context>
<context>
    <name>otscope::gui::RowDetail</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>otscope::gui::SearchDialog</name>
    <message>
        <source>Find everywhere</source>
        <translation>全局查找</translation>
    </message>
    <message>
        <source>Name, address, vendor, function, rule… (field:value works too)</source>
        <translation>名称、地址、厂商、功能、规则…（也可使用 字段:值）</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>找到</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>%1: %2 (first %3 shown)</source>
        <translation>%1：%2（显示前 %3 项）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>未找到任何内容。</translation>
    </message>
    <message>
        <source>Enter or double-click opens the row in its view.</source>
        <translation>按 Enter 或双击可在对应视图中打开该行。</translation>
    </message>
</context>
<context>
    <name>otscope::gui::TablePage</name>
    <message>
        <source>Filter: words, or field:value (e.g. %1)</source>
        <translation>筛选：关键词，或 字段:值（例如 %1）</translation>
    </message>
    <message>
        <source>Nothing here yet.</source>
        <translation>此处暂无内容。</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Default columns</source>
        <translation>默认列</translation>
    </message>
    <message>
        <source>Fields: %1
Words match any column; -word excludes; &quot;quoted text&quot; keeps spaces.</source>
        <translation>字段：%1
关键词匹配任意列；-关键词 表示排除；&quot;带引号的文本&quot; 保留空格。</translation>
    </message>
    <message>
        <source>Not a field here, searched as text: %1.
Fields: %2</source>
        <translation>此处没有该字段，已按文本搜索：%1。
字段：%2</translation>
    </message>
    <message>
        <source>No row matches the filter.</source>
        <translation>没有与筛选条件匹配的行。</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
</context>
<context>
    <name>purdue</name>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>0 – physical process</source>
        <translation>0 – 物理过程</translation>
    </message>
    <message>
        <source>1 – basic control (PLC, RTU)</source>
        <translation>1 – 基本控制（PLC、RTU）</translation>
    </message>
    <message>
        <source>2 – supervisory control (HMI, SCADA)</source>
        <translation>2 – 监督控制（HMI、SCADA）</translation>
    </message>
    <message>
        <source>3 – site operations (historian)</source>
        <translation>3 – 现场运营（历史数据库）</translation>
    </message>
    <message>
        <source>3.5 – industrial DMZ</source>
        <translation>3.5 – 工业 DMZ</translation>
    </message>
    <message>
        <source>4 – site business network</source>
        <translation>4 – 厂区业务网络</translation>
    </message>
    <message>
        <source>5 – enterprise network</source>
        <translation>5 – 企业网络</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>level %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>Name (auditor):</source>
        <translation>名称（审计员）：</translation>
    </message>
    <message>
        <source>Criticality:</source>
        <translation>重要程度：</translation>
    </message>
    <message>
        <source>Zone:</source>
        <translation>区域：</translation>
    </message>
    <message>
        <source>Purdue level:</source>
        <translation>普渡层级：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>1. Summary</source>
        <translation>1. 概要</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Communication paths</source>
        <translation>通信路径</translation>
    </message>
    <message>
        <source>Identity changes</source>
        <translation>身份变更</translation>
    </message>
    <message>
        <source>Protocol anomalies</source>
        <translation>协议异常</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>Devices by role</source>
        <translation>按角色统计设备</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Industrial protocols</source>
        <translation>工业协议</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>报文数</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>Function codes seen</source>
        <translation>出现的功能码</translation>
    </message>
    <message>
        <source>Captures analysed</source>
        <translation>已分析的采集</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>First packet</source>
        <translation>首个数据包</translation>
    </message>
    <message>
        <source>Last packet</source>
        <translation>最后数据包</translation>
    </message>
    <message>
        <source>Packets</source>
        <translation>数据包</translation>
    </message>
    <message>
        <source>2. Asset inventory</source>
        <translation>2. 资产清单</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>重要程度</translation>
    </message>
    <message>
        <source>Zone / Purdue level</source>
        <translation>区域 / 普渡层级</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP 地址</translation>
    </message>
    <message>
        <source>MAC / NIC vendor</source>
        <translation>MAC / 网卡厂商</translation>
    </message>
    <message>
        <source>VLAN</source>
        <translation>VLAN</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>厂商</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>首次发现</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近发现</translation>
    </message>
    <message>
        <source>routed via</source>
        <translation>经由路由</translation>
    </message>
    <message>
        <source>3. Identity and role per device</source>
        <translation>3. 各设备的身份与角色</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Also possible:</source>
        <translation>也可能是：</translation>
    </message>
    <message>
        <source>Host names:</source>
        <translation>主机名：</translation>
    </message>
    <message>
        <source>Protocols:</source>
        <translation>协议：</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>4. Communication matrix</source>
        <translation>4. 通信矩阵</translation>
    </message>
    <message>
        <source>Client \ Server</source>
        <translation>客户端 \ 服务端</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务端</translation>
    </message>
    <message>
        <source>Operation classes</source>
        <translation>操作类别</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>No identity or address change recorded.</source>
        <translation>未记录身份或地址变更。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>旧值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Old value last seen</source>
        <translation>旧值最后出现</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件数</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Between</source>
        <translation>通信双方</translation>
    </message>
    <message>
        <source>First detail</source>
        <translation>首次详情</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No public advisory is stored: import them with otscope advisories import PATH (CSAF 2.0) and the identified devices are judged against them.</source>
        <translation>尚未保存公开安全公告：使用 otscope advisories import PATH（CSAF 2.0）导入后，已识别的设备将据此进行判定。</translation>
    </message>
    <message>
        <source>%1 public advisories (CSAF 2.0) checked against the %2 assets&apos; identities (vendor, model, order number, firmware): %3 assets named; %4 affected, %5 possibly affected (product listed, version unknown). Verdicts are computed from the firmware observed; a device may have been patched since.</source>
        <translation>已用 %1 条公开安全公告（CSAF 2.0）比对 %2 个资产的身份（厂商、型号、订货号、固件）：涉及 %3 个资产；%4 项受影响，%5 项可能受影响（产品在列，版本未知）。判定依据观察到的固件；设备此后可能已打补丁。</translation>
    </message>
    <message>
        <source>CVSS</source>
        <translation>CVSS</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>资产</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Advisory</source>
        <translation>安全公告</translation>
    </message>
    <message>
        <source>CVEs</source>
        <translation>CVE</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>No fix listed.</source>
        <translation>未列出修复。</translation>
    </message>
    <message>
        <source>OT asset inventory</source>
        <translation>OT 资产清单</translation>
    </message>
    <message>
        <source>Generated by otscope %1 from database %2. Passive observation only: every fact below was read from captured traffic, with the protocol message and time it came from.</source>
        <translation>由 otscope 于 %1 根据数据库 %2 生成。仅被动观察：以下每项事实均读取自采集的流量，并注明其来源的协议报文和时间。</translation>
    </message>
    <message>
        <source>The plant at a glance</source>
        <translation>工厂概览</translation>
    </message>
    <message>
        <source>Times are the database&apos;s own: the last 24 h end at its newest time, %1 (now for a live sensor, the end of the capture for a replay).</source>
        <translation>时间以数据库为准：最近 24 小时截止于其最新时间 %1（实时传感器即当前时间，回放则为抓包结束时间）。</translation>
    </message>
    <message>
        <source>Alerts raised by severity, per hour (UTC)</source>
        <translation>按严重程度统计的告警，每小时（UTC）</translation>
    </message>
    <message>
        <source>Alerts raised by severity, per day (UTC)</source>
        <translation>按严重程度统计的告警，每天（UTC）</translation>
    </message>
    <message>
        <source>Alerts raised by severity, per week (UTC)</source>
        <translation>按严重程度统计的告警，每周（UTC）</translation>
    </message>
    <message>
        <source>Alerts raised by severity, per 30 days (UTC)</source>
        <translation>按严重程度统计的告警，每 30 天（UTC）</translation>
    </message>
    <message>
        <source>other rules</source>
        <translation>其他规则</translation>
    </message>
    <message>
        <source>Open alerts by rule</source>
        <translation>按规则统计的未处理告警</translation>
    </message>
    <message>
        <source>Assets by role</source>
        <translation>按角色统计的资产</translation>
    </message>
    <message>
        <source>other or unknown</source>
        <translation>其他或未知</translation>
    </message>
    <message>
        <source>Assets by vendor</source>
        <translation>按厂商统计的资产</translation>
    </message>
    <message>
        <source>Messages per protocol</source>
        <translation>各协议报文数</translation>
    </message>
    <message>
        <source>Top talkers (bytes sent and received)</source>
        <translation>流量最大的主机（收发字节）</translation>
    </message>
    <message>
        <source>In the last 24 h</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>(to %1): %2 new assets, %3 identity or address changes.</source>
        <translation>（截至 %1）：新资产 %2 个，身份或地址变更 %3 次。</translation>
    </message>
    <message>
        <source>New asset</source>
        <translation>新资产</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>旧值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>变更时间</translation>
    </message>
    <message>
        <source>Capture health</source>
        <translation>采集健康状况</translation>
    </message>
    <message>
        <source>(the newest runs; counters over each whole run)</source>
        <translation>（最新的任务；计数为整个任务的累计值）</translation>
    </message>
    <message>
        <source>Kernel drops</source>
        <translation>内核丢包</translation>
    </message>
    <message>
        <source>TCP gaps</source>
        <translation>TCP 缺口</translation>
    </message>
    <message>
        <source>Out of order</source>
        <translation>乱序</translation>
    </message>
    <message>
        <source>Flows evicted</source>
        <translation>被淘汰的流</translation>
    </message>
    <message>
        <source>Malformed frames</source>
        <translation>格式错误帧</translation>
    </message>
    <message>
        <source>Kept out by caps</source>
        <translation>因上限未保留</translation>
    </message>
    <message>
        <source>5. Network diagram</source>
        <translation>5. 网络拓扑图</translation>
    </message>
    <message>
        <source>No devices observed.</source>
        <translation>未观察到设备。</translation>
    </message>
    <message>
        <source>%1 devices and %2 observed links (no inferred ones), grouped by the zones recorded by the auditor; %3 links carry write, control, program or mode-change operations (thick red).</source>
        <translation>%1 个设备和 %2 条观察到的链路（不含推断的链路），按审计员记录的区域分组；%3 条链路承载写、控制、程序或模式变更操作（粗红线）。</translation>
    </message>
    <message>
        <source>%1 devices and %2 observed links (no inferred ones), grouped by subnet; %3 links carry write, control, program or mode-change operations (thick red).</source>
        <translation>%1 个设备和 %2 条观察到的链路（不含推断的链路），按子网分组；%3 条链路承载写、控制、程序或模式变更操作（粗红线）。</translation>
    </message>
    <message>
        <source>%4 groups are drawn collapsed, one node each, with their links aggregated.</source>
        <translation>%4 个分组以折叠方式绘制，每组一个节点，其链路已合并。</translation>
    </message>
    <message>
        <source>Graphviz could not lay the map out (%1); the devices are drawn in a grid.</source>
        <translation>Graphviz 无法完成布局（%1）；设备按网格绘制。</translation>
    </message>
    <message>
        <source>Network diagram</source>
        <translation>网络拓扑图</translation>
    </message>
    <message>
        <source>6. Change history</source>
        <translation>6. 变更历史</translation>
    </message>
    <message>
        <source>7. Alerts and protocol anomalies</source>
        <translation>7. 告警与协议异常</translation>
    </message>
    <message>
        <source>8. Known vulnerabilities</source>
        <translation>8. 已知漏洞</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>PLC</source>
        <translation>PLC</translation>
    </message>
    <message>
        <source>RTU / outstation</source>
        <translation>RTU / 子站</translation>
    </message>
    <message>
        <source>Protocol gateway</source>
        <translation>协议网关</translation>
    </message>
    <message>
        <source>HMI / SCADA client</source>
        <translation>HMI / SCADA 客户端</translation>
    </message>
    <message>
        <source>SCADA master</source>
        <translation>SCADA 主站</translation>
    </message>
    <message>
        <source>Engineering workstation</source>
        <translation>工程师站</translation>
    </message>
    <message>
        <source>Historian</source>
        <translation>历史数据库</translation>
    </message>
    <message>
        <source>Router</source>
        <translation>路由器</translation>
    </message>
    <message>
        <source>IT host</source>
        <translation>IT 主机</translation>
    </message>
</context>
<context>
    <name>rule_explanations</name>
    <message>
        <source>A host that is not an authorised master (policy) or not in the baseline wrote to a device.</source>
        <translation>一台不是授权主站（策略）或不在基线中的主机对设备进行了写操作。</translation>
    </message>
    <message>
        <source>A host that is not an authorised master (policy) or not in the baseline operated an output.</source>
        <translation>一台不是授权主站（策略）或不在基线中的主机操作了输出。</translation>
    </message>
    <message>
        <source>A device was written to; no policy or baseline says whether this master may do so.</source>
        <translation>设备被写入；没有策略或基线说明此主站是否可以这样做。</translation>
    </message>
    <message>
        <source>An output was operated; no policy or baseline says whether this master may do so.</source>
        <translation>输出被操作；没有策略或基线说明此主站是否可以这样做。</translation>
    </message>
    <message>
        <source>A host that should not talk to this device read its identity (model, firmware, blocks).</source>
        <translation>一台不应与此设备通信的主机读取了其身份信息（型号、固件、程序块）。</translation>
    </message>
    <message>
        <source>A host that the policy does not list as a master or engineering station sent requests.</source>
        <translation>一台未被策略列为主站或工程师站的主机发送了请求。</translation>
    </message>
    <message>
        <source>A request used a function code that the policy does not allow for this protocol.</source>
        <translation>请求使用了策略不允许该协议使用的功能码。</translation>
    </message>
    <message>
        <source>A write touched addresses outside the ranges the policy allows on this device.</source>
        <translation>写操作触及了策略允许该设备写入范围之外的地址。</translation>
    </message>
    <message>
        <source>A host that never sent requests of this protocol in the baseline does now.</source>
        <translation>一台在基线中从未发送过该协议请求的主机现在发送了请求。</translation>
    </message>
    <message>
        <source>A device that is not in the baseline answers ICS requests.</source>
        <translation>一台不在基线中的设备在应答工控请求。</translation>
    </message>
    <message>
        <source>Two known hosts (or a new unit behind a device) talk for the first time in the baseline.</source>
        <translation>两台已知主机（或设备后的新单元）首次通信，基线中没有此通信。</translation>
    </message>
    <message>
        <source>A known master used a function it never used towards this device in the baseline.</source>
        <translation>已知主站对此设备使用了基线中从未使用过的功能。</translation>
    </message>
    <message>
        <source>A known master wrote to addresses it never wrote in the baseline.</source>
        <translation>已知主站写入了基线中从未写过的地址。</translation>
    </message>
    <message>
        <source>Messages that do not decode can crash devices; they come from fuzzing, exploits or broken software.</source>
        <translation>无法解码的报文可能使设备崩溃；它们来自模糊测试、漏洞利用或有缺陷的软件。</translation>
    </message>
    <message>
        <source>DNP3 frames with bad checksums: line noise on serial links, crafted frames on TCP.</source>
        <translation>校验和错误的 DNP3 帧：串行链路上的线路噪声，或 TCP 上的伪造帧。</translation>
    </message>
    <message>
        <source>A device refused many requests in a short time: probing, or a misconfigured master.</source>
        <translation>设备在短时间内拒绝了大量请求：可能是探测，或主站配置错误。</translation>
    </message>
    <message>
        <source>A host tried many function codes the device does not support: it is mapping the device.</source>
        <translation>一台主机尝试了大量设备不支持的功能码：它在摸底该设备。</translation>
    </message>
    <message>
        <source>A host probed many addresses that do not exist on the device: it is mapping the points.</source>
        <translation>一台主机探测了大量设备上不存在的地址：它在摸底点位。</translation>
    </message>
    <message>
        <source>Responses arrived that answer no request seen on a fully captured connection: injected or spoofed reports.</source>
        <translation>在完整采集的连接上出现了没有对应请求的响应：注入或伪造的上报。</translation>
    </message>
    <message>
        <source>An outstation sent unsolicited responses at a rate that can flood the master.</source>
        <translation>子站主动上报的速率足以淹没主站。</translation>
    </message>
    <message>
        <source>A request was sent to the broadcast address: every outstation on the link acts on it.</source>
        <translation>请求被发往广播地址：链路上的每个子站都会执行它。</translation>
    </message>
    <message>
        <source>Traffic on an ICS port is not that protocol: a tunnel or a tool hiding on a trusted port.</source>
        <translation>工控端口上的流量不是该协议：可能是隧道，或隐藏在可信端口上的工具。</translation>
    </message>
    <message>
        <source>An outstation that was running reported that it restarted (IIN1.7 DEVICE_RESTART).</source>
        <translation>一个正在运行的子站报告其已重启（IIN1.7 DEVICE_RESTART）。</translation>
    </message>
    <message>
        <source>A device reports another firmware version than before: planned update or tampering.</source>
        <translation>设备报告的固件版本与之前不同：计划内升级或遭篡改。</translation>
    </message>
    <message>
        <source>A device reports another serial, model or vendor than before: it was replaced or something impersonates it.</source>
        <translation>设备报告的序列号、型号或厂商与之前不同：设备被更换，或有其他设备在冒充它。</translation>
    </message>
    <message>
        <source>A newly identified device, or a device with new firmware, is listed as affected by an imported advisory with CVSS 7 or more (severity follows the score): apply the vendor&apos;s fix or its mitigations; `otscope vulns` lists them.</source>
        <translation>新识别的设备或固件变更的设备被已导入的 CVSS 7 分及以上公告列为受影响（严重程度随评分而定）：请应用厂商的修复或缓解措施；`otscope vulns` 会列出这些设备。</translation>
    </message>
    <message>
        <source>More addresses than the sensor keeps as unconfirmed hosts were each seen in one packet with this host and never again: spoofed sources of a SYN or UDP flood sent to it, or addresses it scanned that never answered. They are counted in the capture health (one_packet_sources), not kept as assets.</source>
        <translation>与此主机相关、仅在一个数据包中出现且再未出现的地址数量，超过了传感器保留的未确认主机数：可能是发往它的 SYN 或 UDP 泛洪的伪造源地址，或它扫描过但从未应答的地址。这些地址计入采集健康状况（one_packet_sources），不作为资产保留。</translation>
    </message>
    <message>
        <source>The sensor reached one of its memory caps (flows, reassembly, assets, links, operations, identities, names, anomalies): later records of that kind are counted in the capture health but not kept. A flood, or a network larger than the caps: raise them under [limits] in the policy.</source>
        <translation>传感器达到了某项内存上限（流、重组、资产、链路、操作、身份、名称、异常）：此后该类记录只计入采集健康状况而不再保留。原因可能是泛洪，或网络规模超出上限：请在策略的 [limits] 中调高上限。</translation>
    </message>
    <message>
        <source>Diagnostics sub-function 0x01 restarts the device&apos;s communication port and can reset it.</source>
        <translation>诊断子功能 0x01 会重启设备的通信端口，并可能使其复位。</translation>
    </message>
    <message>
        <source>Diagnostics sub-function 0x04 makes the device stop answering until it is restarted.</source>
        <translation>诊断子功能 0x04 会使设备停止应答，直到重启。</translation>
    </message>
    <message>
        <source>Diagnostic counters were cleared: evidence of errors and earlier traffic is erased.</source>
        <translation>诊断计数器被清零：错误和先前流量的证据被抹去。</translation>
    </message>
    <message>
        <source>The outstation was told to restart: it stops reporting and controlling while it reboots.</source>
        <translation>子站被命令重启：重启期间它停止上报和控制。</translation>
    </message>
    <message>
        <source>An application or its data on the outstation was stopped, started or reset to initial values.</source>
        <translation>子站上的应用或其数据被停止、启动或重置为初始值。</translation>
    </message>
    <message>
        <source>A configuration (or firmware) file was saved or activated on the outstation.</source>
        <translation>子站上的配置（或固件）文件被保存或激活。</translation>
    </message>
    <message>
        <source>The outstation was told to stop reporting events on its own: alarms now wait for polls.</source>
        <translation>子站被命令停止主动上报事件：报警现在只能等待轮询。</translation>
    </message>
    <message>
        <source>A file was deleted on the outstation (configuration, logs or firmware).</source>
        <translation>子站上的文件（配置、日志或固件）被删除。</translation>
    </message>
    <message>
        <source>Files were opened, read or written on the outstation: configuration or firmware can change this way.</source>
        <translation>子站上的文件被打开、读取或写入：配置或固件可能由此被更改。</translation>
    </message>
    <message>
        <source>The PLC was told to stop its program: outputs go to their stop state and the process is no longer controlled.</source>
        <translation>PLC 被命令停止程序：输出进入停止状态，过程不再受控。</translation>
    </message>
    <message>
        <source>The PLC program was (re)started remotely, possibly with a cold restart that resets data.</source>
        <translation>PLC 程序被远程启动（或重启），可能是会复位数据的冷启动。</translation>
    </message>
    <message>
        <source>A remote command changed the CPU operating mode (HOLD, breakpoint, operating state).</source>
        <translation>远程命令更改了 CPU 运行模式（HOLD、断点、运行状态）。</translation>
    </message>
    <message>
        <source>Program or data blocks were downloaded to the PLC and activated: the control logic changed.</source>
        <translation>程序块或数据块被下载到 PLC 并激活：控制逻辑已改变。</translation>
    </message>
    <message>
        <source>System data blocks (hardware and network configuration) were downloaded, replaced or deleted on the PLC.</source>
        <translation>PLC 上的系统数据块（硬件和网络组态）被下载、替换或删除。</translation>
    </message>
    <message>
        <source>Blocks were read out of the PLC: someone is copying its program or configuration.</source>
        <translation>程序块被从 PLC 读出：有人在复制其程序或组态。</translation>
    </message>
    <message>
        <source>Blocks were deleted from the PLC or its memory was reset: control logic is gone.</source>
        <translation>PLC 中的块被删除或存储器被复位：控制逻辑已丢失。</translation>
    </message>
    <message>
        <source>The program in work memory was made permanent: it survives a power cycle.</source>
        <translation>工作存储器中的程序被固化：断电重启后仍然保留。</translation>
    </message>
    <message>
        <source>A PLC control (PI) service other than start, block activation or RAM-to-ROM was called.</source>
        <translation>调用了启动、块激活或 RAM 到 ROM 之外的 PLC 控制（PI）服务。</translation>
    </message>
    <message>
        <source>A password was sent to lift the PLC&apos;s protection level; repeated attempts mean guessing.</source>
        <translation>发送了密码以解除 PLC 的保护级别；反复尝试意味着在猜测密码。</translation>
    </message>
    <message>
        <source>The PLC clock was set remotely: time stamps of alarms and logs can no longer be trusted.</source>
        <translation>PLC 时钟被远程设置：报警和日志的时间戳不再可信。</translation>
    </message>
    <message>
        <source>Values were forced in the PLC: they override the program and the real inputs.</source>
        <translation>PLC 中的值被强制：它们会覆盖程序和真实输入。</translation>
    </message>
    <message>
        <source>An S7-1200/1500 engineering sequence created or changed program objects (download, upload or online change).</source>
        <translation>S7-1200/1500 工程操作序列创建或更改了程序对象（下载、上传或在线修改）。</translation>
    </message>
    <message>
        <source>Traffic of this IP address now comes from another MAC address while the MAC that had it was active moments before: an address conflict or ARP spoofing.</source>
        <translation>此 IP 地址的流量现在来自另一个 MAC 地址，而原 MAC 地址片刻之前仍在活动：地址冲突或 ARP 欺骗。</translation>
    </message>
    <message>
        <source>An IP address now belongs to another MAC address after its previous owner had been silent for long (thresholds.address_reassigned_after): a replaced device or a new lease, unless nobody planned it.</source>
        <translation>在原持有者长时间静默之后（thresholds.address_reassigned_after），某个 IP 地址现在属于另一个 MAC 地址：设备被更换或获得了新租约——除非这并非计划之内。</translation>
    </message>
    <message>
        <source>One host asked several devices (or units behind a gateway) who they are within the window (thresholds.identity_survey): Modbus 17 or 43/14, S7 SZL and block lists, DNP3 group 0. Scanners such as modbus-discover, s7-info or plcscan do this; an engineering station going online does too: list it as engineering in the policy (authorised hosts are exempt).</source>
        <translation>一台主机在时间窗口内（thresholds.identity_survey）询问了多台设备（或网关后的多个单元）的身份：Modbus 17 或 43/14、S7 SZL 与块列表、DNP3 第 0 组。modbus-discover、s7-info、plcscan 等扫描工具会这样做；工程师站上线时也会：请在策略中将其列为 engineering（已授权主机不触发）。</translation>
    </message>
    <message>
        <source>A host sent requests to many unit ids (Modbus unit, DNP3 address) of one server within the window (thresholds.unit_scan), most of which never answered or were refused by the gateway (Modbus exception 10/11): it is looking for devices behind the address. Authorised masters are exempt.</source>
        <translation>一台主机在时间窗口内（thresholds.unit_scan）向同一服务器的许多单元 ID（Modbus 单元、DNP3 地址）发送请求，其中大多数从未应答或被网关拒绝（Modbus 异常 10/11）：它在寻找该地址后面的设备。已授权的主站不触发。</translation>
    </message>
    <message>
        <source>A register, analog output or control point was set to a value outside everything written to it during learning (a number below the learned minimum or above the maximum, or a control operation never used on that point): an operator&apos;s new setpoint, or a process being pushed where it was never run.</source>
        <translation>某个寄存器、模拟量输出或控制点被设置为学习期间从未写入过的值（低于学习到的最小值或高于最大值，或该点从未使用过的控制操作）：可能是操作员设定了新值，也可能是过程被推向从未运行过的状态。</translation>
    </message>
    <message>
        <source>A point was set to a value inside its learned range, but changed from the previous value written in this run by more than thresholds.setpoint_jump_percent of the learned range and by more than any change seen during learning: an abrupt move a process may not tolerate.</source>
        <translation>某个点被设置为学习范围之内的值，但与本次运行中上一次写入的值相比，变化超过了学习范围的 thresholds.setpoint_jump_percent，且大于学习期间出现过的任何变化：这是过程可能无法承受的突变。</translation>
    </message>
    <message>
        <source>A Schneider PLC was told over UMAS to stop its program: outputs go to their stop state and the process is no longer controlled.</source>
        <translation>施耐德 PLC 通过 UMAS 被命令停止其程序：输出进入停机状态，过程不再受控。</translation>
    </message>
    <message>
        <source>A Schneider PLC was told over UMAS to start (or restart) its program.</source>
        <translation>施耐德 PLC 通过 UMAS 被命令启动（或重新启动）其程序。</translation>
    </message>
    <message>
        <source>A program (UMAS strategy upload) was sent to a Schneider PLC: its control logic is being replaced.</source>
        <translation>程序（UMAS 策略上传）被发送到施耐德 PLC：其控制逻辑正在被替换。</translation>
    </message>
    <message>
        <source>The program of a Schneider PLC was read out (UMAS strategy download): someone is copying its logic.</source>
        <translation>施耐德 PLC 的程序被读出（UMAS 策略下载）：有人正在复制其逻辑。</translation>
    </message>
    <message>
        <source>A host took the reservation of a Schneider PLC, which an engineering tool holds while it stops, starts or reprograms the PLC.</source>
        <translation>某主机占用了施耐德 PLC 的预留，工程工具在停止、启动或重新编程 PLC 时持有它。</translation>
    </message>
    <message>
        <source>An MMS write to a control object (functional constraint CO: select, operate or cancel) operates switchgear through the IED. Check that it came from the station HMI or gateway.</source>
        <translation>对控制对象（功能约束 CO：选择、执行或取消）的 MMS 写操作会通过 IED 操作开关设备。请确认它来自站控 HMI 或网关。</translation>
    </message>
    <message>
        <source>Values were written to an IED (settings, set points, configuration): check what was written and by whom.</source>
        <translation>有数值被写入 IED（定值、设定值、配置）：请核对写入的内容和写入者。</translation>
    </message>
    <message>
        <source>A domain (program or configuration) was downloaded to the device: its logic or settings changed.</source>
        <translation>向设备下载了一个域（程序或配置）：其逻辑或定值已改变。</translation>
    </message>
    <message>
        <source>A domain (program or configuration) was read out of the device: someone is copying it.</source>
        <translation>从设备读出了一个域（程序或配置）：有人正在复制它。</translation>
    </message>
    <message>
        <source>A domain or program invocation was deleted on the device: the logic it held is gone.</source>
        <translation>设备上的一个域或程序调用被删除：其中的逻辑已不复存在。</translation>
    </message>
    <message>
        <source>A program invocation on the device was stopped or killed: what it controls is no longer controlled.</source>
        <translation>设备上的一个程序调用被停止或终止：它所控制的对象不再受控。</translation>
    </message>
    <message>
        <source>A program invocation on the device was created, started, resumed or reset remotely.</source>
        <translation>设备上的一个程序调用被远程创建、启动、恢复或复位。</translation>
    </message>
    <message>
        <source>A file was deleted on the device (configuration, disturbance records or firmware).</source>
        <translation>设备上的文件（配置、故障录波或固件）被删除。</translation>
    </message>
    <message>
        <source>A single, double, regulating step or bitstring command was sent to an outstation: it operates field equipment (breakers, switches, tap changers). Check that it came from the SCADA master during an operator action.</source>
        <translation>向子站发送了单点、双点、步调节或位串命令：它会操作现场设备（断路器、开关、分接头）。请确认它来自 SCADA 主站且对应操作员的操作。</translation>
    </message>
    <message>
        <source>A set point was sent to an outstation: it changes a value the process is controlled to. Check the value and that it came from the SCADA master.</source>
        <translation>向子站发送了设定值：它改变了过程的控制目标值。请核对该值，并确认它来自 SCADA 主站。</translation>
    </message>
    <message>
        <source>The outstation was told to reset its process (or its event buffer): it reinitialises and may drop pending events. A master does this only during commissioning or recovery.</source>
        <translation>子站被要求复位其进程（或事件缓冲区）：它会重新初始化并可能丢弃未上送的事件。主站只在调试或恢复时才会这样做。</translation>
    </message>
    <message>
        <source>The outstation&apos;s clock was set: event time stamps follow it. Routine from the SCADA master; from any other host it falsifies the sequence of events.</source>
        <translation>子站的时钟被设置：事件时标以它为准。来自 SCADA 主站属于例行操作；来自其他主机则会篡改事件顺序记录。</translation>
    </message>
    <message>
        <source>A measured-value parameter (threshold, smoothing, limit) was set or activated on the outstation: it changes what the outstation reports and when.</source>
        <translation>子站上的测量值参数（阈值、平滑系数、限值）被设置或激活：它改变了子站上送的内容和时机。</translation>
    </message>
    <message>
        <source>An end sent an I frame whose send sequence number N(S) is not the one due, or acknowledged less than it had before, although the TCP stream was whole: frames were dropped, repeated or injected between the stations. Look for a second path or a host in the middle.</source>
        <translation>在 TCP 流完整的情况下，某一端发送的 I 帧发送序号 N(S) 不是应有的值，或其确认的序号比之前少：站间的帧被丢弃、重复或注入。请排查是否存在第二条路径或中间主机。</translation>
    </message>
    <message>
        <source>A CIP Stop service was sent to the controller: its program stops and the outputs go to their stop state.</source>
        <translation>控制器收到 CIP Stop 服务：其程序停止，输出进入停止状态。</translation>
    </message>
    <message>
        <source>A CIP Start service put the controller (back) into run: the program drives the outputs again.</source>
        <translation>CIP Start 服务使控制器（重新）进入运行：程序再次驱动输出。</translation>
    </message>
    <message>
        <source>The Identity object&apos;s Reset service restarts the device, possibly back to its factory settings: it stops controlling and communicating.</source>
        <translation>标识对象的 Reset 服务重启设备，可能恢复出厂设置：设备停止控制和通信。</translation>
    </message>
    <message>
        <source>New firmware is being written to the device (Nonvolatile Storage object 0xA1): check that the update was planned and comes from the vendor.</source>
        <translation>正在向设备写入新固件（非易失性存储对象 0xA1）：请确认此次更新已计划且固件来自厂商。</translation>
    </message>
    <message>
        <source>A file (program, configuration) was pushed to the device through the CIP File object.</source>
        <translation>通过 CIP 文件对象向设备写入了文件（程序、配置）。</translation>
    </message>
    <message>
        <source>A file (program, configuration) was read out of the device through the CIP File object.</source>
        <translation>通过 CIP 文件对象从设备读出了文件（程序、配置）。</translation>
    </message>
    <message>
        <source>The controller was locked or unlocked remotely: its protection against changes was lifted or set.</source>
        <translation>控制器被远程锁定或解锁：其防修改保护被解除或设置。</translation>
    </message>
    <message>
        <source>An attribute of the TCP/IP Interface or Ethernet Link object was set: the device&apos;s address, gateway or link settings changed and it may drop off the network.</source>
        <translation>TCP/IP 接口或以太网链路对象的属性被设置：设备的地址、网关或链路设置已改变，设备可能从网络中掉线。</translation>
    </message>
    <message>
        <source>A PCCC command carried by CIP switched an SLC 500/MicroLogix/PLC-5 processor between PROGRAM and RUN (or TEST): in PROGRAM its outputs are no longer driven by the logic.</source>
        <translation>经 CIP 承载的 PCCC 命令将 SLC 500/MicroLogix/PLC-5 处理器在 PROGRAM 与 RUN（或 TEST）之间切换：处于 PROGRAM 时其输出不再由逻辑驱动。</translation>
    </message>
    <message>
        <source>The OMRON PLC was switched to RUN or MONITOR mode remotely: its program drives the outputs again.</source>
        <translation>欧姆龙 PLC 被远程切换到 RUN 或 MONITOR 模式：其程序再次驱动输出。</translation>
    </message>
    <message>
        <source>The OMRON PLC was told to stop (PROGRAM mode): its program no longer controls the process.</source>
        <translation>欧姆龙 PLC 被命令停止（PROGRAM 模式）：其程序不再控制工艺过程。</translation>
    </message>
    <message>
        <source>The PLC&apos;s user program was written over FINS: the control logic changed.</source>
        <translation>通过 FINS 写入了 PLC 的用户程序：控制逻辑已改变。</translation>
    </message>
    <message>
        <source>The PLC&apos;s user program was read out over FINS: someone is copying its logic.</source>
        <translation>通过 FINS 读出了 PLC 的用户程序：有人在复制其控制逻辑。</translation>
    </message>
    <message>
        <source>The PLC&apos;s user program was cleared: the control logic is gone.</source>
        <translation>PLC 的用户程序被清除：控制逻辑已不存在。</translation>
    </message>
    <message>
        <source>The PLC Setup, I/O table or routing tables were written or cleared: the controller&apos;s configuration changed.</source>
        <translation>PLC 设置、I/O 表或路由表被写入或清除：控制器配置已改变。</translation>
    </message>
    <message>
        <source>The program area&apos;s write protection was set or lifted with its password.</source>
        <translation>使用密码设置或解除了程序区的写保护。</translation>
    </message>
    <message>
        <source>The PLC clock was set remotely: time stamps of its logs can no longer be trusted.</source>
        <translation>PLC 时钟被远程设置：其日志时间戳不再可信。</translation>
    </message>
    <message>
        <source>Bits were forced on or off in the PLC: they override the program and the real inputs.</source>
        <translation>PLC 中的位被强制置位或复位：它们覆盖程序和真实输入。</translation>
    </message>
    <message>
        <source>The PLC&apos;s errors or error log were cleared remotely: the evidence of a fault is gone.</source>
        <translation>PLC 的错误或错误日志被远程清除：故障证据已消失。</translation>
    </message>
    <message>
        <source>Files on the PLC&apos;s memory card or EM file memory were deleted or the file memory formatted.</source>
        <translation>PLC 存储卡或 EM 文件存储器上的文件被删除，或文件存储器被格式化。</translation>
    </message>
    <message>
        <source>The TwinCAT runtime was told to stop: the PLC program no longer controls the process.</source>
        <translation>TwinCAT 运行时被命令停止：PLC 程序不再控制工艺过程。</translation>
    </message>
    <message>
        <source>The TwinCAT runtime was (re)started remotely: the PLC program drives the outputs again.</source>
        <translation>TwinCAT 运行时被远程（重新）启动：PLC 程序再次驱动输出。</translation>
    </message>
    <message>
        <source>The ADS device was told to reset or shut down: it stops controlling until it is back.</source>
        <translation>ADS 设备被命令复位或关闭：在恢复之前停止控制。</translation>
    </message>
    <message>
        <source>The TwinCAT system was put into CONFIG (or reconfigured): its PLC runtime stops and its configuration may be changed.</source>
        <translation>TwinCAT 系统进入 CONFIG（或重新配置）：其 PLC 运行时停止，配置可能被修改。</translation>
    </message>
    <message>
        <source>A Write Control asked the ADS device for another state (the requested state is named in the alert).</source>
        <translation>Write Control 请求 ADS 设备进入另一状态（告警中给出所请求的状态）。</translation>
    </message>
    <message>
        <source>A host asked the TwinCAT router (UDP 48899) to add an AMS route, with a user name and a clear-text password: once added, the host can use every ADS service of the device.</source>
        <translation>某主机请求 TwinCAT 路由器（UDP 48899）添加 AMS 路由，并附带用户名和明文密码：添加后该主机可使用设备的全部 ADS 服务。</translation>
    </message>
    <message>
        <source>The Mitsubishi CPU was switched to RUN remotely: its program drives the outputs again.</source>
        <translation>三菱 CPU 被远程切换到 RUN：其程序再次驱动输出。</translation>
    </message>
    <message>
        <source>The Mitsubishi CPU was told to STOP: its program no longer controls the process.</source>
        <translation>三菱 CPU 被命令 STOP：其程序不再控制工艺过程。</translation>
    </message>
    <message>
        <source>The Mitsubishi CPU was paused remotely: its outputs hold their last state while the program does not run.</source>
        <translation>三菱 CPU 被远程暂停：程序不运行期间输出保持最后状态。</translation>
    </message>
    <message>
        <source>The Mitsubishi CPU was reset remotely: it restarts and stops controlling meanwhile.</source>
        <translation>三菱 CPU 被远程复位：它将重启，期间停止控制。</translation>
    </message>
    <message>
        <source>The CPU&apos;s latched (retained) devices were cleared remotely: counters, recipes and states kept over power cycles are gone.</source>
        <translation>CPU 的锁存（保持）软元件被远程清除：断电保持的计数器、配方和状态已丢失。</translation>
    </message>
    <message>
        <source>The remote password of the CPU&apos;s Ethernet port was used to unlock (or lock) it; repeated attempts mean guessing.</source>
        <translation>使用了 CPU 以太网端口的远程密码进行解锁（或锁定）；反复尝试意味着在猜测密码。</translation>
    </message>
    <message>
        <source>The controller was told to cold or warm start (or activate changes): it stops controlling while it restarts. Confirm who sent it and why.</source>
        <translation>控制器被要求冷启动或热启动（或激活更改）：重启期间它停止控制。请确认是谁发出的以及原因。</translation>
    </message>
    <message>
        <source>The controller was put into backup mode: its configuration files are read out. Expected only from the building management workstation during maintenance.</source>
        <translation>控制器被置于备份模式：其配置文件被读出。只应在维护期间由楼宇管理工作站发起。</translation>
    </message>
    <message>
        <source>The controller was put into restore mode: its configuration is replaced by files written over the network. Check the change was planned.</source>
        <translation>控制器被置于恢复模式：其配置被通过网络写入的文件替换。请核实此变更是否在计划内。</translation>
    </message>
    <message>
        <source>DeviceCommunicationControl disabled the controller&apos;s communication: it no longer answers the operators until re-enabled or the time runs out.</source>
        <translation>DeviceCommunicationControl 禁用了控制器的通信：在重新启用或时间到期之前，它不再应答操作员。</translation>
    </message>
    <message>
        <source>DeviceCommunicationControl disabled initiation: the controller stops sending alarms, events and I-Am until re-enabled.</source>
        <translation>DeviceCommunicationControl 禁用了主动发起：在重新启用之前，控制器不再发送报警、事件和 I-Am。</translation>
    </message>
    <message>
        <source>A value was commanded at priority 1 or 2 (manual or automatic life safety), which overrides every operator and program command. Verify it came from a life-safety system.</source>
        <translation>以优先级 1 或 2（手动或自动生命安全）下发了一个值，它会覆盖所有操作员和程序命令。请核实它来自生命安全系统。</translation>
    </message>
    <message>
        <source>AtomicWriteFile wrote a file on the controller: a program, configuration or firmware download. Check it was planned.</source>
        <translation>AtomicWriteFile 在控制器上写入了文件：即程序、配置或固件下载。请核实是否在计划内。</translation>
    </message>
    <message>
        <source>An object (schedule, trend log, point...) was deleted from the controller.</source>
        <translation>控制器上的一个对象（时间表、趋势日志、点位……）被删除。</translation>
    </message>
    <message>
        <source>A client wrote node values on the OPC UA server. HMIs write in normal operation: check the client is one that should.</source>
        <translation>客户端在 OPC UA 服务器上写入了节点值。HMI 在正常运行中也会写入：请核实该客户端是否应当写入。</translation>
    </message>
    <message>
        <source>A client called methods on the OPC UA server: methods can start, stop or reconfigure what the server controls.</source>
        <translation>客户端调用了 OPC UA 服务器上的方法：方法可以启动、停止或重新配置服务器所控制的对象。</translation>
    </message>
    <message>
        <source>The server&apos;s address space was changed (AddNodes/AddReferences): expected only during engineering.</source>
        <translation>服务器的地址空间被更改（AddNodes/AddReferences）：只应在工程调试期间出现。</translation>
    </message>
    <message>
        <source>Nodes or references were deleted from the server&apos;s address space: variables and methods may disappear for every client.</source>
        <translation>服务器地址空间中的节点或引用被删除：变量和方法可能对所有客户端消失。</translation>
    </message>
    <message>
        <source>Historical values or events were inserted, replaced or deleted on the server (HistoryUpdate).</source>
        <translation>服务器上的历史值或事件被插入、替换或删除（HistoryUpdate）。</translation>
    </message>
    <message>
        <source>A manager changed a setting on the device over SNMP (interfaces, addresses, names, ports can be changed this way). Check it was planned.</source>
        <translation>管理端通过 SNMP 更改了设备上的设置（接口、地址、名称、端口都可以这样更改）。请核实是否在计划内。</translation>
    </message>
    <message>
        <source>A command frame told the PMU/PDC to stop sending data frames: the control centre loses its phasor measurements until a &apos;turn on&apos; command.</source>
        <translation>一个命令帧要求 PMU/PDC 停止发送数据帧：在收到&quot;开启&quot;命令之前，控制中心将失去相量测量数据。</translation>
    </message>
    <message>
        <source>Command 42 (Perform Device Reset) was sent to a field instrument: its measurement and loop current drop out while it restarts.</source>
        <translation>向现场仪表发送了命令 42（执行设备复位）：重启期间其测量值和回路电流中断。</translation>
    </message>
    <message>
        <source>A HART write command changed an instrument&apos;s configuration (range values, damping, units, tag or polling address): the process value it reports can change meaning.</source>
        <translation>一条 HART 写命令更改了仪表的配置（量程、阻尼、单位、位号或轮询地址）：它上报的过程值的含义可能随之改变。</translation>
    </message>
    <message>
        <source>The instrument&apos;s loop current was fixed or trimmed, or a device variable was written: the control system no longer sees the real measurement.</source>
        <translation>仪表的回路电流被固定或微调，或设备变量被写入：控制系统看到的不再是真实测量值。</translation>
    </message>
    <message>
        <source>Set PLC State was sent to the GE controller: it may have been stopped, and its outputs go to their stop state.</source>
        <translation>向 GE 控制器发送了&quot;设置 PLC 状态&quot;：它可能已被停止，其输出进入停止状态。</translation>
    </message>
    <message>
        <source>Program or program block memory was written to the controller: its logic changed. Check it was a planned download.</source>
        <translation>程序或程序块存储区被写入控制器：其逻辑已改变。请核实这是计划内的下载。</translation>
    </message>
    <message>
        <source>The controller&apos;s program was stored (read out) over the network: expected only from the engineering station.</source>
        <translation>控制器的程序通过网络被读出：只应由工程师站发起。</translation>
    </message>
    <message>
        <source>A force on system memory was toggled: a point now holds a value the program does not compute.</source>
        <translation>系统存储区上的强制被切换：某个点位现在保持着并非由程序计算出的值。</translation>
    </message>
    <message>
        <source>The controller&apos;s fault table was cleared: the record of past faults is gone.</source>
        <translation>控制器的故障表被清除：过去的故障记录已丢失。</translation>
    </message>
    <message>
        <source>A PLC shell command was sent to the CODESYS runtime: it can read and change the controller&apos;s state and files outside the application.</source>
        <translation>向 CODESYS 运行时发送了 PLC Shell 命令：它可以在应用程序之外读取和更改控制器的状态和文件。</translation>
    </message>
    <message>
        <source>Forced values were set or released in the running application: points now hold values the program does not compute.</source>
        <translation>在运行中的应用程序里设置或释放了强制值：点位现在保持着并非由程序计算出的值。</translation>
    </message>
    <message>
        <source>Files were read from or written to the controller&apos;s file system (boot applications, configuration, logs).</source>
        <translation>从控制器的文件系统读取或向其写入了文件（启动应用、配置、日志）。</translation>
    </message>
    <message>
        <source>A DCP Set gave a PROFINET device a new NameOfStation: its IO controller finds it by that name, so the device drops out of control until the names agree again.</source>
        <translation>DCP Set 给 PROFINET 设备设置了新的站名（NameOfStation）：IO 控制器按站名寻找设备，在名称再次一致之前该设备脱离控制。</translation>
    </message>
    <message>
        <source>A DCP Set changed a PROFINET device&apos;s IP settings on the wire: its controller and HMIs lose it unless the change was planned.</source>
        <translation>DCP Set 在网络上修改了 PROFINET 设备的 IP 设置：除非这是计划内的变更，否则其控制器和 HMI 将失去与它的连接。</translation>
    </message>
    <message>
        <source>A DCP Set told a PROFINET device to erase its name, addresses and parameters: it stops exchanging I/O data until it is configured again.</source>
        <translation>DCP Set 要求 PROFINET 设备清除其站名、地址和参数：在重新配置之前它停止交换 I/O 数据。</translation>
    </message>
    <message>
        <source>A GOOSE message older than one its publisher already sent (same state with a lower sequence number, or an earlier state): subscribers that accept it act on a stale state.</source>
        <translation>收到一条比其发布者已发送报文更旧的 GOOSE 报文（状态相同而序号更低，或状态号更早）：接受它的订阅者会按过时的状态动作。</translation>
    </message>
    <message>
        <source>A GOOSE control block skipped state numbers: an injected message with a higher state number takes over its subscribers (or the capture lost the publisher&apos;s frames).</source>
        <translation>GOOSE 控制块跳过了若干状态号：状态号更高的注入报文会接管其订阅者（或者抓包丢失了发布者的帧）。</translation>
    </message>
    <message>
        <source>The master asked an EtherCAT slave for its BOOTSTRAP state, in which its firmware is replaced; the drive or I/O stops exchanging process data.</source>
        <translation>主站要求 EtherCAT 从站进入 BOOTSTRAP 状态，在此状态下其固件会被替换；驱动器或 I/O 停止交换过程数据。</translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <source>Write from an unauthorised host</source>
        <translation>来自未授权主机的写操作</translation>
    </message>
    <message>
        <source>Control command from an unauthorised host</source>
        <translation>来自未授权主机的控制命令</translation>
    </message>
    <message>
        <source>Write from an unverified master</source>
        <translation>来自未验证主站的写操作</translation>
    </message>
    <message>
        <source>Control command from an unverified master</source>
        <translation>来自未验证主站的控制命令</translation>
    </message>
    <message>
        <source>Device identification by an unauthorised host</source>
        <translation>未授权主机读取设备标识</translation>
    </message>
    <message>
        <source>Requests from a host not authorised by the policy</source>
        <translation>来自策略未授权主机的请求</translation>
    </message>
    <message>
        <source>Function not allowed by the policy</source>
        <translation>策略不允许的功能</translation>
    </message>
    <message>
        <source>Write outside the allowed address ranges</source>
        <translation>写入允许地址范围之外</translation>
    </message>
    <message>
        <source>New master</source>
        <translation>新主站</translation>
    </message>
    <message>
        <source>New ICS device</source>
        <translation>新工控设备</translation>
    </message>
    <message>
        <source>New communication path</source>
        <translation>新通信路径</translation>
    </message>
    <message>
        <source>New function on a known path</source>
        <translation>已知路径上的新功能</translation>
    </message>
    <message>
        <source>Write to a new address range</source>
        <translation>写入新地址范围</translation>
    </message>
    <message>
        <source>Malformed protocol messages</source>
        <translation>格式错误的协议报文</translation>
    </message>
    <message>
        <source>Link CRC errors</source>
        <translation>链路 CRC 错误</translation>
    </message>
    <message>
        <source>Burst of exception responses</source>
        <translation>异常响应突增</translation>
    </message>
    <message>
        <source>Function code scan</source>
        <translation>功能码扫描</translation>
    </message>
    <message>
        <source>Address scan</source>
        <translation>地址扫描</translation>
    </message>
    <message>
        <source>Responses without requests</source>
        <translation>无请求的响应</translation>
    </message>
    <message>
        <source>Unsolicited response storm</source>
        <translation>主动上报风暴</translation>
    </message>
    <message>
        <source>Broadcast request</source>
        <translation>广播请求</translation>
    </message>
    <message>
        <source>Non-ICS traffic on an ICS port</source>
        <translation>工控端口上的非工控流量</translation>
    </message>
    <message>
        <source>Outstation reported a restart</source>
        <translation>子站报告重启</translation>
    </message>
    <message>
        <source>IP address used by another MAC address</source>
        <translation>IP 地址被其他 MAC 地址使用</translation>
    </message>
    <message>
        <source>Device firmware changed</source>
        <translation>设备固件变更</translation>
    </message>
    <message>
        <source>Device identity changed</source>
        <translation>设备身份变更</translation>
    </message>
    <message>
        <source>Device affected by a published advisory</source>
        <translation>设备受已发布安全公告影响</translation>
    </message>
    <message>
        <source>Flood of one-packet sources</source>
        <translation>单包源地址泛洪</translation>
    </message>
    <message>
        <source>Sensor limit reached: records not kept</source>
        <translation>传感器达到上限：记录未保留</translation>
    </message>
    <message>
        <source>Modbus restart communications</source>
        <translation>Modbus 重启通信</translation>
    </message>
    <message>
        <source>Modbus force listen-only mode</source>
        <translation>Modbus 强制仅监听模式</translation>
    </message>
    <message>
        <source>Modbus diagnostic counters cleared</source>
        <translation>Modbus 诊断计数器被清零</translation>
    </message>
    <message>
        <source>Outstation restart command</source>
        <translation>子站重启命令</translation>
    </message>
    <message>
        <source>Outstation application started, stopped or initialised</source>
        <translation>子站应用被启动、停止或初始化</translation>
    </message>
    <message>
        <source>Outstation configuration saved or activated</source>
        <translation>子站配置被保存或激活</translation>
    </message>
    <message>
        <source>Unsolicited reporting disabled</source>
        <translation>主动上报被禁用</translation>
    </message>
    <message>
        <source>File deleted on outstation</source>
        <translation>子站上的文件被删除</translation>
    </message>
    <message>
        <source>File transfer with outstation</source>
        <translation>与子站的文件传输</translation>
    </message>
    <message>
        <source>PLC stop command</source>
        <translation>PLC 停机命令</translation>
    </message>
    <message>
        <source>PLC start/restart command</source>
        <translation>PLC 启动/重启命令</translation>
    </message>
    <message>
        <source>PLC operating mode change</source>
        <translation>PLC 运行模式变更</translation>
    </message>
    <message>
        <source>Program block download to PLC</source>
        <translation>向 PLC 下载程序块</translation>
    </message>
    <message>
        <source>Hardware configuration download to PLC</source>
        <translation>向 PLC 下载硬件组态</translation>
    </message>
    <message>
        <source>Program block upload from PLC</source>
        <translation>从 PLC 上传程序块</translation>
    </message>
    <message>
        <source>PLC blocks deleted or memory reset</source>
        <translation>PLC 块被删除或存储器复位</translation>
    </message>
    <message>
        <source>Copy RAM to ROM</source>
        <translation>复制 RAM 到 ROM</translation>
    </message>
    <message>
        <source>PLC control service</source>
        <translation>PLC 控制服务</translation>
    </message>
    <message>
        <source>PLC password sent</source>
        <translation>发送 PLC 密码</translation>
    </message>
    <message>
        <source>PLC clock set</source>
        <translation>设置 PLC 时钟</translation>
    </message>
    <message>
        <source>Forced PLC inputs/outputs</source>
        <translation>PLC 输入/输出被强制</translation>
    </message>
    <message>
        <source>S7comm-plus program transfer</source>
        <translation>S7comm-plus 程序传输</translation>
    </message>
    <message>
        <source>IP address reassigned to another MAC address</source>
        <translation>IP 地址被重新分配给另一个 MAC 地址</translation>
    </message>
    <message>
        <source>Identity survey of several devices</source>
        <translation>对多台设备的身份探测</translation>
    </message>
    <message>
        <source>Unit id scan</source>
        <translation>单元 ID 扫描</translation>
    </message>
    <message>
        <source>Write outside the learned value range</source>
        <translation>写入值超出已学习的取值范围</translation>
    </message>
    <message>
        <source>Setpoint jump</source>
        <translation>设定值突变</translation>
    </message>
    <message>
        <source>UMAS PLC stop command</source>
        <translation>UMAS PLC 停机命令</translation>
    </message>
    <message>
        <source>UMAS PLC start command</source>
        <translation>UMAS PLC 启动命令</translation>
    </message>
    <message>
        <source>UMAS program download to PLC</source>
        <translation>UMAS 程序下载到 PLC</translation>
    </message>
    <message>
        <source>UMAS program upload from PLC</source>
        <translation>从 PLC 上传 UMAS 程序</translation>
    </message>
    <message>
        <source>UMAS PLC reservation taken</source>
        <translation>UMAS PLC 预留被占用</translation>
    </message>
    <message>
        <source>IEC 61850 control operation</source>
        <translation>IEC 61850 控制操作</translation>
    </message>
    <message>
        <source>MMS write to an IED</source>
        <translation>对 IED 的 MMS 写操作</translation>
    </message>
    <message>
        <source>MMS domain download</source>
        <translation>MMS 域下载</translation>
    </message>
    <message>
        <source>MMS domain upload</source>
        <translation>MMS 域上传</translation>
    </message>
    <message>
        <source>MMS domain or program invocation deleted</source>
        <translation>MMS 域或程序调用被删除</translation>
    </message>
    <message>
        <source>MMS program invocation stopped</source>
        <translation>MMS 程序调用被停止</translation>
    </message>
    <message>
        <source>MMS program invocation started, resumed or reset</source>
        <translation>MMS 程序调用被启动、恢复或复位</translation>
    </message>
    <message>
        <source>File deleted on an MMS server</source>
        <translation>MMS 服务器上的文件被删除</translation>
    </message>
    <message>
        <source>IEC 104 control command</source>
        <translation>IEC 104 控制命令</translation>
    </message>
    <message>
        <source>IEC 104 set point command</source>
        <translation>IEC 104 设定值命令</translation>
    </message>
    <message>
        <source>IEC 104 reset process command</source>
        <translation>IEC 104 复位进程命令</translation>
    </message>
    <message>
        <source>IEC 104 clock synchronisation</source>
        <translation>IEC 104 时钟同步</translation>
    </message>
    <message>
        <source>IEC 104 parameter change</source>
        <translation>IEC 104 参数修改</translation>
    </message>
    <message>
        <source>IEC 104 sequence number gap or repeat</source>
        <translation>IEC 104 序号缺失或重复</translation>
    </message>
    <message>
        <source>CIP stop command</source>
        <translation>CIP 停止命令</translation>
    </message>
    <message>
        <source>CIP start command</source>
        <translation>CIP 启动命令</translation>
    </message>
    <message>
        <source>CIP device reset</source>
        <translation>CIP 设备复位</translation>
    </message>
    <message>
        <source>CIP firmware update</source>
        <translation>CIP 固件更新</translation>
    </message>
    <message>
        <source>CIP file download to the device</source>
        <translation>CIP 向设备下载文件</translation>
    </message>
    <message>
        <source>CIP file upload from the device</source>
        <translation>CIP 从设备上传文件</translation>
    </message>
    <message>
        <source>Controller lock/unlock</source>
        <translation>控制器锁定/解锁</translation>
    </message>
    <message>
        <source>Device network settings changed</source>
        <translation>设备网络设置被修改</translation>
    </message>
    <message>
        <source>PCCC processor mode change</source>
        <translation>PCCC 处理器模式切换</translation>
    </message>
    <message>
        <source>FINS run command</source>
        <translation>FINS 运行命令</translation>
    </message>
    <message>
        <source>FINS stop command</source>
        <translation>FINS 停止命令</translation>
    </message>
    <message>
        <source>FINS program area write</source>
        <translation>FINS 程序区写入</translation>
    </message>
    <message>
        <source>FINS program area read</source>
        <translation>FINS 程序区读取</translation>
    </message>
    <message>
        <source>FINS program area clear</source>
        <translation>FINS 程序区清除</translation>
    </message>
    <message>
        <source>FINS parameter area write or clear</source>
        <translation>FINS 参数区写入或清除</translation>
    </message>
    <message>
        <source>FINS program protection changed</source>
        <translation>FINS 程序保护被更改</translation>
    </message>
    <message>
        <source>FINS clock write</source>
        <translation>FINS 时钟写入</translation>
    </message>
    <message>
        <source>FINS forced set/reset</source>
        <translation>FINS 强制置位/复位</translation>
    </message>
    <message>
        <source>FINS error clear</source>
        <translation>FINS 错误清除</translation>
    </message>
    <message>
        <source>FINS file memory format or delete</source>
        <translation>FINS 文件存储器格式化或删除</translation>
    </message>
    <message>
        <source>ADS stop (Write Control STOP)</source>
        <translation>ADS 停止（Write Control STOP）</translation>
    </message>
    <message>
        <source>ADS run (Write Control RUN/START)</source>
        <translation>ADS 运行（Write Control RUN/START）</translation>
    </message>
    <message>
        <source>ADS reset or shutdown (Write Control)</source>
        <translation>ADS 复位或关闭（Write Control）</translation>
    </message>
    <message>
        <source>TwinCAT switched to config mode</source>
        <translation>TwinCAT 切换到配置模式</translation>
    </message>
    <message>
        <source>ADS state change (Write Control)</source>
        <translation>ADS 状态变更（Write Control）</translation>
    </message>
    <message>
        <source>ADS route added over UDP</source>
        <translation>通过 UDP 添加 ADS 路由</translation>
    </message>
    <message>
        <source>MELSEC remote RUN</source>
        <translation>MELSEC 远程 RUN</translation>
    </message>
    <message>
        <source>MELSEC remote STOP</source>
        <translation>MELSEC 远程 STOP</translation>
    </message>
    <message>
        <source>MELSEC remote PAUSE</source>
        <translation>MELSEC 远程 PAUSE</translation>
    </message>
    <message>
        <source>MELSEC remote RESET</source>
        <translation>MELSEC 远程 RESET</translation>
    </message>
    <message>
        <source>MELSEC remote latch clear</source>
        <translation>MELSEC 远程锁存清除</translation>
    </message>
    <message>
        <source>MELSEC remote password lock/unlock</source>
        <translation>MELSEC 远程密码锁定/解锁</translation>
    </message>
    <message>
        <source>BACnet device restarted (ReinitializeDevice)</source>
        <translation>BACnet 设备被重启（ReinitializeDevice）</translation>
    </message>
    <message>
        <source>BACnet device configuration backup started</source>
        <translation>BACnet 设备开始配置备份</translation>
    </message>
    <message>
        <source>BACnet device configuration restore</source>
        <translation>BACnet 设备配置恢复</translation>
    </message>
    <message>
        <source>BACnet device told to stop communicating</source>
        <translation>BACnet 设备被要求停止通信</translation>
    </message>
    <message>
        <source>BACnet device told to stop reporting</source>
        <translation>BACnet 设备被要求停止上报</translation>
    </message>
    <message>
        <source>BACnet write at life-safety priority</source>
        <translation>BACnet 以生命安全优先级写入</translation>
    </message>
    <message>
        <source>File written to BACnet device</source>
        <translation>向 BACnet 设备写入文件</translation>
    </message>
    <message>
        <source>BACnet object deleted</source>
        <translation>BACnet 对象被删除</translation>
    </message>
    <message>
        <source>OPC UA Write</source>
        <translation>OPC UA 写入</translation>
    </message>
    <message>
        <source>OPC UA method called</source>
        <translation>OPC UA 方法被调用</translation>
    </message>
    <message>
        <source>OPC UA nodes or references added</source>
        <translation>OPC UA 节点或引用被添加</translation>
    </message>
    <message>
        <source>OPC UA nodes or references deleted</source>
        <translation>OPC UA 节点或引用被删除</translation>
    </message>
    <message>
        <source>OPC UA history changed</source>
        <translation>OPC UA 历史数据被更改</translation>
    </message>
    <message>
        <source>SNMP SetRequest</source>
        <translation>SNMP SetRequest（设置请求）</translation>
    </message>
    <message>
        <source>Synchrophasor data stream turned off</source>
        <translation>同步相量数据流被关闭</translation>
    </message>
    <message>
        <source>HART device reset</source>
        <translation>HART 设备复位</translation>
    </message>
    <message>
        <source>HART instrument configuration written</source>
        <translation>HART 仪表配置被写入</translation>
    </message>
    <message>
        <source>HART loop current or variable forced</source>
        <translation>HART 回路电流或变量被强制</translation>
    </message>
    <message>
        <source>GE PLC run/stop state changed</source>
        <translation>GE PLC 运行/停止状态被更改</translation>
    </message>
    <message>
        <source>Program loaded into GE PLC</source>
        <translation>程序被下载到 GE PLC</translation>
    </message>
    <message>
        <source>Program read from GE PLC</source>
        <translation>从 GE PLC 读取了程序</translation>
    </message>
    <message>
        <source>GE PLC force toggled</source>
        <translation>GE PLC 强制被切换</translation>
    </message>
    <message>
        <source>GE PLC fault table cleared</source>
        <translation>GE PLC 故障表被清除</translation>
    </message>
    <message>
        <source>CODESYS PLC shell command</source>
        <translation>CODESYS PLC Shell 命令</translation>
    </message>
    <message>
        <source>CODESYS variables forced</source>
        <translation>CODESYS 变量被强制</translation>
    </message>
    <message>
        <source>File transfer with CODESYS controller</source>
        <translation>与 CODESYS 控制器的文件传输</translation>
    </message>
    <message>
        <source>PROFINET device renamed over DCP</source>
        <translation>PROFINET 设备通过 DCP 被改名</translation>
    </message>
    <message>
        <source>PROFINET device IP address changed over DCP</source>
        <translation>PROFINET 设备的 IP 地址通过 DCP 被修改</translation>
    </message>
    <message>
        <source>PROFINET device reset to factory settings over DCP</source>
        <translation>PROFINET 设备通过 DCP 被恢复出厂设置</translation>
    </message>
    <message>
        <source>GOOSE message replayed or spoofed</source>
        <translation>GOOSE 报文被重放或伪造</translation>
    </message>
    <message>
        <source>GOOSE state number jumped ahead</source>
        <translation>GOOSE 状态号跳变</translation>
    </message>
    <message>
        <source>EtherCAT slave sent to bootstrap (firmware update) state</source>
        <translation>EtherCAT 从站被切换到引导（固件更新）状态</translation>
    </message>
</context>
<context>
    <name>runs</name>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped (writer gone)</source>
        <translation>已停止（写入进程已退出）</translation>
    </message>
</context>
<context>
    <name>severity</name>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
</context>
<context>
    <name>time</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
</context>
<context>
    <name>verdict</name>
    <message>
        <source>Not affected</source>
        <translation>不受影响</translation>
    </message>
    <message>
        <source>Possibly affected</source>
        <translation>可能受影响</translation>
    </message>
    <message>
        <source>Affected</source>
        <translation>受影响</translation>
    </message>
</context>
</TS>
