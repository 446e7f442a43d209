<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AmountEdit</name>
    <message>
        <location filename="../../desktop/gui/fields.py" line="171"/>
        <source>单位不符：填写的是 {written}，本项的单位是 {unit}</source>
        <translation>Wrong unit: {written} was entered; this figure is in {unit}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/fields.py" line="177"/>
        <source>无法识别：请填写数字，如 1,234,567、260万、2.6亿</source>
        <translation>Not understood: enter a number such as 1,234,567, 260万 or 2.6亿</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/fields.py" line="176"/>
        <source>无法识别的数额</source>
        <translation>Amount not understood</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/gui/app.py" line="33"/>
        <source>政策目录有误</source>
        <translation>The policy catalog has errors</translation>
    </message>
</context>
<context>
    <name>BatchPage</name>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="258"/>
        <source>批量申报（代理机构）</source>
        <translation>Batch (consultants)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="261"/>
        <source>用 Excel 工作簿一次为多家企业生成申报材料：每行一家企业。先生成空白工作簿并填写，再选择它开始。</source>
        <translation>Write packets for many firms from one Excel workbook, one firm per row. Write the blank workbook, fill it in, then choose it and start.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="264"/>
        <source>批量工作簿</source>
        <translation>Batch workbook</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="265"/>
        <source>输出文件夹</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="276"/>
        <location filename="../../desktop/gui/pages/batch_page.py" line="277"/>
        <location filename="../../desktop/gui/pages/batch_page.py" line="278"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="279"/>
        <source>生成空白工作簿…</source>
        <translation>Write a blank workbook…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="283"/>
        <source>同时生成 PDF（每家企业的申报材料和测算表）</source>
        <translation>Also write PDFs (every firm&apos;s forms and calculation sheet)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="284"/>
        <source>开始批量生成</source>
        <translation>Start the batch</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="285"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="286"/>
        <source>打开汇总.xlsx</source>
        <translation>Open 汇总.xlsx (summary)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="287"/>
        <source>打开错误报告.xlsx</source>
        <translation>Open 错误报告.xlsx (error report)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="304"/>
        <source>单元格</source>
        <translation>Cell</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="304"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="291"/>
        <location filename="../../desktop/gui/pages/batch_page.py" line="304"/>
        <source>企业名称</source>
        <translation>Firm name</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="316"/>
        <source>选择批量工作簿</source>
        <translation>Choose the batch workbook</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="332"/>
        <location filename="../../desktop/gui/pages/batch_page.py" line="342"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="325"/>
        <source>选择输出文件夹</source>
        <translation>Choose the output folder</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="266"/>
        <source>落款日期</source>
        <translation>Date on the forms</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="267"/>
        <source>写在每份申报材料上的日期；改变后重新运行，全部材料按新日期重新生成</source>
        <translation>The date written on every packet; change it and run again, and every packet is rewritten with the new date</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="268"/>
        <source>并行进程数</source>
        <translation>Parallel processes</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="270"/>
        <source>（默认 {count}，即本机的处理器核数）</source>
        <translation>(default {count}: this computer&apos;s processor cores)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="272"/>
        <source>对比上次汇总</source>
        <translation>Compare with last summary</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="274"/>
        <source>可选：选择上次的 汇总.xlsx，新汇总的“变化”表列出每家企业金额的变化</source>
        <translation>Optional: choose the last 汇总.xlsx; the new summary&apos;s 变化 sheet lists how each firm&apos;s amounts changed</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="281"/>
        <source>同一企业有多个业绩年度时，较早年度的奖励计入较晚年度的历史获奖（一次性奖励不重复申报）</source>
        <translation>When a firm has several performance years, count its earlier years&apos; awards as history for the later ones (one-off awards are not claimed twice)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="290"/>
        <source>序号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="292"/>
        <source>业绩年度</source>
        <translation>Performance year</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="293"/>
        <source>城市</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="294"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="295"/>
        <source>合计（元）</source>
        <translation>Total (CNY)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="296"/>
        <source>最高额合计（元）</source>
        <translation>Total of ceilings (CNY)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="297"/>
        <source>待补充</source>
        <translation>Still needed</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="302"/>
        <source>还需要企业提供的数据或回答的项数；指向数字可看是哪些，汇总的“待补充”表有全部</source>
        <translation>How many figures or answers the firm still has to give; point at the number to see which; the summary&apos;s 待补充 sheet lists them all</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="318"/>
        <source>表格文件 (*.xlsx *.ods *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.ods *.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="332"/>
        <source>选择上次的汇总</source>
        <translation>Choose the last summary</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="340"/>
        <source>保存空白工作簿</source>
        <translation>Save the blank workbook</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="341"/>
        <source>批量申报.xlsx</source>
        <translation>batch.xlsx</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="356"/>
        <source>已生成空白工作簿：{path}</source>
        <translation>Blank workbook written: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="375"/>
        <source>请先选择批量工作簿</source>
        <translation>Choose the batch workbook first</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="386"/>
        <source>上次汇总</source>
        <translation>Last summary</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="400"/>
        <source>正在读取工作簿…</source>
        <translation>Reading the workbook…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="407"/>
        <source>正在取消，等待进行中的企业完成…</source>
        <translation>Cancelling; waiting for the firms in progress…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="412"/>
        <source>{done}/{total}：{name}</source>
        <translation>{done}/{total}: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="431"/>
        <source>共 {total} 家：生成 {generated}，未变化跳过 {skipped}，失败 {failed}，未处理 {not_run}。</source>
        <translation>{total} firms: {generated} written, {skipped} unchanged and skipped, {failed} failed, {not_run} not processed.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="441"/>
        <source>{firms} 家企业还需补充数据，共 {items} 项（见汇总的“待补充”表）。</source>
        <translation> {firms} firms still have figures to give, {items} in all (see the summary&apos;s 待补充 sheet).</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="446"/>
        <source>{firms} 家企业没有可申报金额的措施，材料是一页政策服务清单。</source>
        <translation> {firms} firms have nothing to apply for with an amount: their packet is a one-page policy services list.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="451"/>
        <source>工作簿中没有企业：请在“{sheet}”表第 {row} 行起每行填写一家企业（浅色示例行可改写），保存后再开始。</source>
        <translation>The workbook holds no firm: fill in one firm per row of the “{sheet}” sheet from row {row} (the shaded example row may be overwritten), save it, then start again.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="454"/>
        <source>注意：{note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="459"/>
        <source>已生成</source>
        <translation>Written</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="460"/>
        <source>未变化，已跳过</source>
        <translation>Unchanged, skipped</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="461"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="462"/>
        <source>未处理（已取消）</source>
        <translation>Not run (cancelled)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="476"/>
        <source>{label}（用于：{measures}）</source>
        <translation>{label} (for: {measures})</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="498"/>
        <source>（政策服务清单）</source>
        <translation> (policy services list)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="511"/>
        <source>没有可申报金额的措施：材料是一页政策服务清单，列出可以争取的支持，没有申报书</source>
        <translation>Nothing to apply for with an amount: the packet is a one-page policy services list of the support the firm can seek, with no application</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="518"/>
        <source>双击打开材料文件夹：{folder}</source>
        <translation>Double-click to open the packet folder: {folder}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="529"/>
        <source>（工作簿）</source>
        <translation>(workbook)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="540"/>
        <source>失败，详见错误报告</source>
        <translation>Failed; see the error report</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="546"/>
        <source>各企业结果（{count}）</source>
        <translation>Firms ({count})</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="548"/>
        <source>问题（{count}）</source>
        <translation>Problems ({count})</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="557"/>
        <source>无法打开文件夹：{path}</source>
        <translation>Cannot open the folder: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="565"/>
        <source>无法开始，未写入任何文件：</source>
        <translation>Could not start; nothing was written: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/batch_page.py" line="569"/>
        <source>无法打开（没有可用的表格程序）：{path}</source>
        <translation>Cannot open it (no spreadsheet program answered): {path}</translation>
    </message>
</context>
<context>
    <name>CatalogDialog</name>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="60"/>
        <source>政策目录 {version}</source>
        <translation>Policy catalog {version}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="61"/>
        <source>悬停查看条款原文。共 {count} 项措施。</source>
        <translation>Hover to read the clause. {count} measures.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="63"/>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="63"/>
        <source>措施</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="63"/>
        <source>条款</source>
        <translation>Clause</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="63"/>
        <source>有效期</source>
        <translation>In force</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_window.py" line="63"/>
        <source>奖励规则</source>
        <translation>Award rule</translation>
    </message>
</context>
<context>
    <name>CatalogFilesPanel</name>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="71"/>
        <source>导入政策文件…</source>
        <translation>Import policy file…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="72"/>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="75"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="76"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="77"/>
        <source>辖区</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="78"/>
        <source>有效期 / 业绩年度</source>
        <translation>In force / performance year</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="79"/>
        <source>申报时间</source>
        <translation>Application window</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="80"/>
        <source>来源</source>
        <translation>Origin</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="81"/>
        <source>添加人与时间</source>
        <translation>Added by, when</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="98"/>
        <source>{year} 业绩年度</source>
        <translation>performance year {year}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="115"/>
        <source>已跳过损坏的文件：</source>
        <translation>Broken files skipped:</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="132"/>
        <location filename="../../desktop/gui/catalog_files.py" line="166"/>
        <source>导入政策文件</source>
        <translation>Import policy file</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="148"/>
        <source>文件有误，未导入</source>
        <translation>File has problems, not imported</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="148"/>
        <source>发现以下问题：</source>
        <translation>Problems found:</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="153"/>
        <source>导入{kind}《{name}》？导入后：</source>
        <translation>Import {kind} 《{name}》? After import:</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="158"/>
        <source>当前企业的金额变化：</source>
        <translation>Awards of the open firm that change:</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="160"/>
        <source>当前企业的金额：不变</source>
        <translation>Awards of the open firm: unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="163"/>
        <source>标 ! 的变化改变已有年度或内置文件措施的规则，请核对后确认。</source>
        <translation>The changes marked ! alter the rules of years already covered or of bundled measures; check them before you confirm.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="176"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="196"/>
        <source>当前企业</source>
        <translation>the open firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="208"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="209"/>
        <source>删除{kind}《{name}》？相关措施将恢复按其余文件计算。</source>
        <translation>Remove {kind} 《{name}》? Its measures will be computed from the remaining files again.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/catalog_files.py" line="219"/>
        <source>未删除</source>
        <translation>Not removed</translation>
    </message>
</context>
<context>
    <name>Changes</name>
    <message>
        <location filename="../../desktop/gui/changes.py" line="65"/>
        <location filename="../../desktop/gui/changes.py" line="84"/>
        <source>最高 {amount}</source>
        <translation>up to {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="77"/>
        <source>新增 {amount}</source>
        <translation>new {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="79"/>
        <source>取消 {amount}</source>
        <translation>gone {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="92"/>
        <source>不再适用</source>
        <translation>no longer applies</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="123"/>
        <source>合计 {change} 元</source>
        <translation>total {change} CNY</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="129"/>
        <source>最高额 {change} 元</source>
        <translation>ceilings {change} CNY</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="134"/>
        <source>合计不变</source>
        <translation>total unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="161"/>
        <source>本次修改：{changes}</source>
        <translation>This edit: {changes}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/changes.py" line="166"/>
        <source>本次修改不影响任何措施</source>
        <translation>This edit changes no measure</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../desktop/gui/pages/data_page.py" line="155"/>
        <source>申报数据</source>
        <translation>Figures</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/data_page.py" line="158"/>
        <source>只列出可能适用的措施需要的数据。金额可写 1234567、1,234,567、260万 或 2.6亿；未填写的视为缺少，不当作 0。</source>
        <translation>Only the figures needed by measures that may apply. Amounts may be written 1234567, 1,234,567, 260万 or 2.6亿; an empty field is missing, never zero.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/data_page.py" line="161"/>
        <source>本企业目前没有需要填写金额的措施。</source>
        <translation>No measure of this firm needs a figure at the moment.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/data_page.py" line="202"/>
        <source>依据：</source>
        <translation>Used by: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/data_page.py" line="204"/>
        <source>已填写，当前没有措施使用</source>
        <translation>Entered; no measure uses it at the moment</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <location filename="../../desktop/gui/dates.py" line="30"/>
        <source>无法识别的日期：请写成 2024-03-15、2024/3/15 或 2024年3月15日</source>
        <translation>Not a date: write 2024-03-15, 2024/3/15 or 2024年3月15日</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/dates.py" line="22"/>
        <source>日期不存在：没有 {month} 月</source>
        <translation>No such date: there is no month {month}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/dates.py" line="26"/>
        <source>日期不存在：{year}年{month}月只有 {days} 天</source>
        <translation>No such date: {month}/{year} has only {days} days</translation>
    </message>
</context>
<context>
    <name>EditMenu</name>
    <message>
        <location filename="../../desktop/gui/edit_menu.py" line="53"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/edit_menu.py" line="57"/>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/edit_menu.py" line="58"/>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/edit_menu.py" line="64"/>
        <source>{verb}：{field}</source>
        <translation>{verb}: {field}</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="25"/>
        <source>企业名称</source>
        <translation>Firm name</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="26"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="27"/>
        <source>注册城市</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="28"/>
        <source>业绩年度</source>
        <translation>Performance year</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="29"/>
        <source>成立日期</source>
        <translation>Established</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="30"/>
        <source>企业类型</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="31"/>
        <source>注册所在区（市）县</source>
        <translation>Registered district</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="32"/>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="33"/>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="34"/>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="35"/>
        <source>注册地址</source>
        <translation>Registered address</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="36"/>
        <source>开户银行</source>
        <translation>Bank</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="37"/>
        <source>银行账号</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="38"/>
        <source>申请的政策支持</source>
        <translation>support applied for</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="60"/>
        <source>{measure} 核定金额</source>
        <translation>{measure} granted amount</translation>
    </message>
</context>
<context>
    <name>FirmFiles</name>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="89"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="90"/>
        <source>新建(&amp;N)</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="91"/>
        <source>打开(&amp;O)…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="92"/>
        <source>打开示例企业</source>
        <translation>Open the sample firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="93"/>
        <source>最近打开</source>
        <translation>Recent files</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="94"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="95"/>
        <source>另存为(&amp;A)…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="96"/>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="109"/>
        <source>未命名企业</source>
        <translation>Unnamed firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="117"/>
        <source>尚未保存</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="118"/>
        <source>“{name}”有未保存的修改，是否保存？</source>
        <translation>“{name}” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="139"/>
        <source>打开企业文件</source>
        <translation>Open a firm file</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="147"/>
        <source>企业文件 (*.json)</source>
        <translation>Firm files (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="163"/>
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="169"/>
        <source>只读打开：“{file}”已在另一个窗口中打开，修改后请另存为。</source>
        <translation>Opened read-only: “{file}” is open in another window; use Save As after changes.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="176"/>
        <source>文件中有 {count} 处需要修正，已在相应字段标出</source>
        <translation>{count} problems in the file are marked on their fields</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="182"/>
        <source>（自 {time} 起）</source>
        <translation> (since {time})</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="185"/>
        <source>文件已在另一个窗口中打开</source>
        <translation>File open in another window</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="187"/>
        <source>“{file}”已在另一个窗口中打开{since}。
两个窗口同时修改同一个文件，后保存的会覆盖先保存的。</source>
        <translation>“{file}” is already open in another window{since}.
If two windows change one file, the later save overwrites the earlier.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="189"/>
        <source>切换到那个窗口</source>
        <translation>Switch to that window</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="189"/>
        <source>只读打开</source>
        <translation>Open read-only</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="199"/>
        <source>无法切换</source>
        <translation>Cannot switch</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="200"/>
        <source>打开“{file}”的窗口没有响应，请在任务栏中切换到它。</source>
        <translation>The window with “{file}” does not answer; switch to it from the taskbar.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="215"/>
        <source>“{file}”已在别处修改，已重新载入。</source>
        <translation>“{file}” was changed elsewhere and has been reloaded.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="219"/>
        <source>“{file}”已在别处修改；保存时会先询问是否覆盖。</source>
        <translation>“{file}” was changed elsewhere; saving will ask before overwriting it.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="230"/>
        <source>另一个窗口想打开本企业文件：它已在这里打开。</source>
        <translation>Another window wanted to open this firm file: it is open here.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="246"/>
        <source>企业</source>
        <translation>firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="249"/>
        <source>另存为</source>
        <translation>Save As</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="265"/>
        <location filename="../../desktop/gui/firm_files.py" line="295"/>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="266"/>
        <source>“{file}”正在另一个窗口中打开，不能保存到这里。请换一个文件名。</source>
        <translation>“{file}” is open in another window and cannot be saved over. Choose another name.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="274"/>
        <source>文件已被修改</source>
        <translation>File changed</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="275"/>
        <source>“{file}”在打开后已被其他程序或窗口修改，覆盖它会丢失那些修改。</source>
        <translation>“{file}” was changed by another program or window after it was opened; overwriting it loses those changes.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="278"/>
        <source>覆盖</source>
        <translation>Overwrite</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="278"/>
        <source>另存为…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/firm_files.py" line="300"/>
        <source>已保存 {path}</source>
        <translation>Saved {path}</translation>
    </message>
</context>
<context>
    <name>FirmPage</name>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="305"/>
        <source>企业信息</source>
        <translation>Firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="309"/>
        <source>联系人与银行账户</source>
        <translation>Contacts and bank account</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="310"/>
        <source>与营业执照一致</source>
        <translation>As on the business licence</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="311"/>
        <source>18 位，见营业执照</source>
        <translation>18 characters, on the business licence</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="312"/>
        <source>年-月-日</source>
        <translation>Year-month-day</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="313"/>
        <source>如 高新区、锦江区</source>
        <translation>e.g. 高新区, 锦江区</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="315"/>
        <source>营业执照上的注册地所在区（市）县：申报材料报送该区（市）县的商务主管部门</source>
        <translation>The district of the registered address on the business licence: the application goes to that district&apos;s commerce department</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="317"/>
        <source>申报通知通常要求的条件</source>
        <translation>Conditions calls usually ask</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="322"/>
        <source>证明材料：</source>
        <translation>Proof: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="328"/>
        <source>未回答</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="329"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="330"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="332"/>
        <source>日历…</source>
        <translation>Calendar…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="333"/>
        <source>从日历中选择成立日期</source>
        <translation>Choose the date of establishment from a calendar</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="334"/>
        <source>可写 2024-03-15、2024/3/15、2024年3月15日 或 20240315</source>
        <translation>Write 2024-03-15, 2024/3/15, 2024年3月15日 or 20240315</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="396"/>
        <source>校验位正确</source>
        <translation>Check character is correct</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="399"/>
        <source>18 位，最后一位为校验位</source>
        <translation>18 characters; the last is the check character</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="419"/>
        <source>文件中的业绩年度为“{value}”，不是年份：请选择业绩年度</source>
        <translation>The file gives the performance year as “{value}”, which is not a year: choose the year</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="420"/>
        <source>请选择业绩年度</source>
        <translation>Choose the performance year</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="433"/>
        <source>受理单位：{bureau}</source>
        <translation>Receiving bureau: {bureau}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="445"/>
        <source>{guides}将下列条件作为申报条件：被列入名单的不能申报，未回答的需补充。</source>
        <translation>{guides} makes these conditions of the application: a firm on a list cannot apply; unanswered ones must be answered.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="450"/>
        <source>各地申报通知通常要求下列条件；本年度尚无年度指南规定时，只在内部核对单和材料清单中提醒，不影响测算金额。</source>
        <translation>Calls usually ask these conditions; while no annual guide for the year asks them, they are only reminders in the internal check list and the attachments list and change no award.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="479"/>
        <source>成立日期晚于业绩年度 {year} 年，请核对</source>
        <translation>Established after the performance year {year}; please check</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/firm_page.py" line="485"/>
        <source>= {date}</source>
        <translation>= {date}</translation>
    </message>
</context>
<context>
    <name>GeneratePage</name>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="144"/>
        <source>生成材料</source>
        <translation>Packet</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="145"/>
        <source>保存到文件夹</source>
        <translation>Save to folder</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="146"/>
        <source>落款日期</source>
        <translation>Date on the forms</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="147"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="149"/>
        <source>生成申报材料</source>
        <translation>Write the packet</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="150"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="151"/>
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="152"/>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="161"/>
        <source>企业信息有误，请先在“企业信息”中修正。</source>
        <translation>The firm details have errors; fix them on the Firm page first.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="173"/>
        <source>将生成：申报书、{count} 份申请表、信用承诺书、测算表(Excel)、材料清单，以及仅供企业自查的内部核对单。</source>
        <translation>To be written: the application, {count} measure forms, the credit commitment, the calculation workbook (Excel), the checklist, and an internal check sheet for the firm only.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="321"/>
        <source>正在用 LibreOffice 转换自定义表单为 PDF，请稍候…</source>
        <translation>Converting custom forms to PDF with LibreOffice, please wait…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="387"/>
        <source>无法打开文件夹（没有可用的文件管理器）。请手动打开：{folder}</source>
        <translation>Cannot open the folder (no file manager answered). Please open it yourself: {folder}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="175"/>
        <source>申报合计 {total}。</source>
        <translation>Total applied for: {total}.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="148"/>
        <source>同时生成 PDF</source>
        <translation>Also write PDFs</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="167"/>
        <source>本企业目前没有可按政策测算金额申报的事项：将生成政策服务清单（可以争取的政策支持、办理方式和政策条款），不生成金额为零的申报书。</source>
        <translation>This firm has nothing to apply for with an amount under the policies: a policy services list (the support it can seek, what to do and the clause) will be written instead of an application for zero.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="184"/>
        <source>全部申报材料（{count} 份）</source>
        <translation>The whole packet ({count} documents)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="192"/>
        <source>请先生成申报材料，再打印。</source>
        <translation>Write the packet first, then print it.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="221"/>
        <source>已送往打印机 {printer}：{pages} 页</source>
        <translation>Sent to printer {printer}: {pages} pages</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="250"/>
        <source>正在为上一企业生成材料，完成后即可生成本企业的材料。</source>
        <translation>Writing the previous firm&apos;s packet; this firm&apos;s can be written once it is done.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="263"/>
        <source>选择保存申报材料的文件夹</source>
        <translation>Choose the folder for the packet</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="277"/>
        <source>请先修正：</source>
        <translation>Fix first: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="299"/>
        <source>正在生成…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="313"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="323"/>
        <source>正在生成：{name}</source>
        <translation>Writing: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="337"/>
        <source>“{name}”的申报材料已生成：{folder}</source>
        <translation>Packet of “{name}” written: {folder}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="351"/>
        <source>已生成 {count} 个文件：{folder}</source>
        <translation>Wrote {count} files: {folder}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="355"/>
        <source>；已保留您放入的文件：{names}</source>
        <translation>; your own files were kept: {names}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="366"/>
        <source>“{name}”的申报材料未能生成：</source>
        <translation>Packet of “{name}” not written: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="369"/>
        <location filename="../../desktop/gui/pages/generate_page.py" line="370"/>
        <source>未能生成，未写入任何文件：</source>
        <translation>Could not write the packet; nothing was written: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="370"/>
        <source>未能生成</source>
        <translation>Could not generate</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/generate_page.py" line="379"/>
        <source>已取消，未写入任何文件。</source>
        <translation>Cancelled; nothing was written.</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../desktop/gui/help_window.py" line="51"/>
        <source>使用说明</source>
        <translation>How to use it</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../desktop/gui/language_menu.py" line="40"/>
        <source>语言 / Language</source>
        <translation>语言 / Language</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="159"/>
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="160"/>
        <source>政策目录</source>
        <translation>Policy catalog</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="162"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="163"/>
        <source>使用说明</source>
        <translation>How to use it</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="164"/>
        <location filename="../../desktop/gui/main_window.py" line="354"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="194"/>
        <source>未命名企业</source>
        <translation>Unnamed firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="197"/>
        <source>（只读）</source>
        <translation> (read-only)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="224"/>
        <source>合计 {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="226"/>
        <source> + 最高 {up_to}</source>
        <translation> + up to {up_to}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="268"/>
        <source>有 {count} 份自动保存无法恢复(内容不完整或已损坏，可能因断电而中断)。它们没有被删除，已移到：
{places}
其中可能有未保存的内容，可用文本编辑器打开查看。</source>
        <translation>{count} autosave(s) could not be recovered (incomplete or damaged, perhaps cut short by a power failure). They were not deleted but moved to:
{places}
They may hold unsaved work; open them in a text editor.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="221"/>
        <source>企业信息有误</source>
        <translation>Firm details have errors</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="156"/>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="246"/>
        <source>已打开上次的企业文件 {path}</source>
        <translation>Reopened the last firm file {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="251"/>
        <source>已打开示例企业，可随意修改；“文件 → 新建”开始填写自己的企业。</source>
        <translation>The sample firm is open: change anything. File → New starts your own firm.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="266"/>
        <source>自动保存已损坏</source>
        <translation>Damaged autosave</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/main_window.py" line="356"/>
        <source>&lt;h3&gt;跨境电商政策申报助手 CBEC Grant Desk&lt;/h3&gt;&lt;p&gt;程序版本 {version} · 政策目录 {catalog}&lt;/p&gt;&lt;p&gt;离线判断成都、德阳、绵阳、连云港、苏州及四川省跨境电商政策是否适用，按原文测算奖励金额，并生成申报材料。&lt;/p&gt;</source>
        <translation>&lt;h3&gt;CBEC Grant Desk&lt;/h3&gt;&lt;p&gt;Version {version} · policy catalog {catalog}&lt;/p&gt;&lt;p&gt;Offline: which cross-border e-commerce measures of Chengdu, Deyang, Mianyang, Lianyungang, Suzhou and Sichuan apply to a firm, the exact award by the text, and the application packet.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MeasureTable</name>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="93"/>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="94"/>
        <source>事项</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="95"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="96"/>
        <source>金额(元)</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="97"/>
        <source>本次变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="98"/>
        <source>年度指南核定金额</source>
        <translation>Amount granted by the guide</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/measure_model.py" line="147"/>
        <source>(可填写)</source>
        <translation>(enter)</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="81"/>
        <source>缺少必填字段</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="82"/>
        <source>应为整数</source>
        <translation>should be a whole number</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="83"/>
        <source>应为文本</source>
        <translation>should be text</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="84"/>
        <source>应为日期，格式 YYYY-MM-DD</source>
        <translation>should be a date, YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="85"/>
        <source>不能为空</source>
        <translation>must not be empty</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="86"/>
        <source>格式不符</source>
        <translation>is not in the expected form</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="87"/>
        <source>不是允许的取值</source>
        <translation>is not one of the allowed values</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="88"/>
        <source>超出允许范围</source>
        <translation>is out of the allowed range</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="96"/>
        <source>统一社会信用代码应为 18 位，实为 {count} 位</source>
        <translation>Unified social credit code needs 18 characters, not {count}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="99"/>
        <source>统一社会信用代码含不允许的字符 {chars}（只允许数字和除 I、O、S、V、Z 外的大写字母）</source>
        <translation>Unified social credit code holds characters it may not: {chars} (only digits and capital letters other than I, O, S, V, Z)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/field_names.py" line="104"/>
        <source>统一社会信用代码校验位错误：第 18 位是 {found}，按 GB 32100-2015 应为 {expected}</source>
        <translation>Unified social credit code: the check character is {found}; by GB 32100-2015 it should be {expected}</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../../desktop/gui/recovery.py" line="42"/>
        <source>无法自动保存：</source>
        <translation>Cannot autosave: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/recovery.py" line="63"/>
        <source>恢复未保存的内容</source>
        <translation>Recover unsaved changes</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/recovery.py" line="65"/>
        <source>程序上次未正常关闭，“{name}”（{where}）有未保存的修改（自动保存于 {time}）。是否恢复？</source>
        <translation>The program did not close properly last time: “{name}” ({where}) has unsaved changes (autosaved at {time}). Recover them?</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/recovery.py" line="67"/>
        <source>未命名企业</source>
        <translation>Unnamed firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/recovery.py" line="68"/>
        <source>尚未保存的新企业</source>
        <translation>a new firm not yet saved</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/recovery.py" line="80"/>
        <source>还有 {count} 份自动保存，下次启动时会再询问</source>
        <translation>{count} more autosave(s) will be offered at the next start</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="99"/>
        <source>测算结果</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="134"/>
        <source>企业信息有误，暂无法测算：</source>
        <translation>The firm details have errors, so nothing can be calculated yet: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="137"/>
        <source>合计 {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="139"/>
        <source>，另有最高额 {up_to} 待年度指南确定</source>
        <translation>, plus up to {up_to} to be set by the annual guide</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="143"/>
        <source>（本次修改：{totals}）</source>
        <translation> (this edit: {totals})</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="166"/>
        <source>年度指南《{name}》</source>
        <translation>Annual guide 《{name}》</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/results_page.py" line="171"/>
        <source>受理单位：{bureau}</source>
        <translation>Receiving bureau: {bureau}</translation>
    </message>
</context>
<context>
    <name>ScreeningPage</name>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="196"/>
        <source>适用政策</source>
        <translation>Screening</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="198"/>
        <source>回答下列资格问题，右侧实时显示本市和本省措施是否适用及原因；不知道的可以先不答。</source>
        <translation>Answer the qualification questions; the list on the right shows at once which measures of the city and province apply and why. Leave unknown ones unanswered.</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="215"/>
        <source>用于：</source>
        <translation>Used by: </translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="220"/>
        <source>未回答</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="222"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="223"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="228"/>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="228"/>
        <source>措施</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="228"/>
        <source>是否适用及原因</source>
        <translation>Applies? Why</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="230"/>
        <source>政策支持事项可勾选申请，生成材料时附项目申请报告</source>
        <translation>Support without an amount can be ticked to apply for it: the packet then includes a project report</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="247"/>
        <source>其他角色的问题（{count}）</source>
        <translation>Questions for other roles ({count})</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/pages/screening_page.py" line="291"/>
        <source>勾选即申请这项政策支持，生成材料时附项目申请报告</source>
        <translation>Tick to apply for this support: the packet then includes a project report</translation>
    </message>
</context>
<context>
    <name>SkippedNotice</name>
    <message>
        <location filename="../../desktop/gui/notices.py" line="50"/>
        <source>⚠ 已跳过 {count} 个文件(点此查看)</source>
        <translation>⚠ {count} file(s) skipped (click to see)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/notices.py" line="58"/>
        <source>政策目录中已跳过的文件(其余文件照常使用)：</source>
        <translation>Files of the policy catalog skipped (the others are in use):</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/notices.py" line="65"/>
        <source>损坏的自动保存(未删除，其中可能有未保存的内容，可用文本编辑器打开)：</source>
        <translation>Damaged autosaves (not deleted; they may hold unsaved work, open them in a text editor):</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/notices.py" line="68"/>
        <source>已移到 {path}</source>
        <translation>moved to {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/notices.py" line="70"/>
        <source>无法移动，仍在原处</source>
        <translation>could not be moved, still in place</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/notices.py" line="78"/>
        <source>已跳过的文件</source>
        <translation>Skipped files</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/notices.py" line="82"/>
        <source>程序启动时跳过了以下文件：</source>
        <translation>These files were skipped at start:</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="14"/>
        <source>可申报</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="15"/>
        <source>不符合</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="16"/>
        <source>不在有效期</source>
        <translation>Not in force</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="17"/>
        <source>需补充数据</source>
        <translation>Needs input</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="18"/>
        <source>政策支持(无金额)</source>
        <translation>Support (no amount)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="22"/>
        <source>(最高)</source>
        <translation> (ceiling)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="24"/>
        <source>(已核定)</source>
        <translation> (granted)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="26"/>
        <location filename="../../desktop/gui/changes.py" line="73"/>
        <source>(暂不计入)</source>
        <translation> (provisional, not in total)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="28"/>
        <location filename="../../desktop/gui/changes.py" line="75"/>
        <source>(不计入)</source>
        <translation> (not added)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="30"/>
        <source>(补差)</source>
        <translation> (top-up only)</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/status_text.py" line="32"/>
        <source> · 征求意见稿</source>
        <translation> · draft</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../../desktop/gui/fields.py" line="86"/>
        <source>元</source>
        <translation>CNY</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/fields.py" line="87"/>
        <source>美元</source>
        <translation>USD</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/fields.py" line="94"/>
        <source>{amount} 元</source>
        <translation>CNY {amount}</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="122"/>
        <source>已完成</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="122"/>
        <source>需要处理</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="122"/>
        <source>尚未填写</source>
        <translation>Not filled in yet</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="130"/>
        <source>请处理：{fields}</source>
        <translation>To do: {fields}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="137"/>
        <source>正在载入政策目录…</source>
        <translation>Loading the policy catalog…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="139"/>
        <source>1 企业信息</source>
        <translation>1 Firm</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="140"/>
        <source>2 适用政策</source>
        <translation>2 Screening</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="141"/>
        <source>3 申报数据</source>
        <translation>3 Figures</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="142"/>
        <source>4 测算结果</source>
        <translation>4 Results</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="143"/>
        <source>5 生成材料</source>
        <translation>5 Packet</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="144"/>
        <source>批量申报</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="147"/>
        <source>上一步</source>
        <translation>Previous step</translation>
    </message>
    <message>
        <location filename="../../desktop/gui/workspace.py" line="148"/>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
</context>
</TS>
