<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CandidateBar</name>
    <message>
        <source>候选字</source>
        <translation>Suggested characters</translation>
    </message>
    <message>
        <source>打拼音，再点字</source>
        <translation>Type pinyin, then tap a character</translation>
    </message>
    <message>
        <source>正在输入 %1</source>
        <translation>Typing %1</translation>
    </message>
    <message>
        <source>候选 %1：%2</source>
        <translation>Choice %1: %2</translation>
    </message>
    <message>
        <source>上一页候选</source>
        <translation>Previous characters</translation>
    </message>
    <message>
        <source>下一页候选</source>
        <translation>More characters</translation>
    </message>
</context>
<context>
    <name>ContactStep</name>
    <message>
        <source>请留下手机号或身份证号</source>
        <translation>Please leave your mobile number or ID number</translation>
    </message>
    <message>
        <source>手机号是11位数字。也可以点“身份证号”改填身份证号。</source>
        <translation>A mobile number has 11 digits. You can also tap “ID number” to give your ID number instead.</translation>
    </message>
    <message>
        <source>身份证号是18位，最后一位可能是X。</source>
        <translation>An ID number has 18 characters. The last one may be X.</translation>
    </message>
    <message>
        <source>手机号</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>手机号，已选</source>
        <translation>Mobile number, selected</translation>
    </message>
    <message>
        <source>改填手机号</source>
        <translation>Give a mobile number instead</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>身份证号，已选</source>
        <translation>ID number, selected</translation>
    </message>
    <message>
        <source>改填身份证号</source>
        <translation>Give an ID number instead</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>年-月-日，如 2024-03-08</source>
        <translation>year-month-day, e.g. 2024-03-08</translation>
    </message>
    <message>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>从日历选择%1</source>
        <translation>Pick %1 on a calendar</translation>
    </message>
    <message>
        <source>上个月</source>
        <translation>Previous month</translation>
    </message>
    <message>
        <source>下个月</source>
        <translation>Next month</translation>
    </message>
</context>
<context>
    <name>DoneView</name>
    <message>
        <source>报名成功</source>
        <translation>You are signed up</translation>
    </message>
    <message>
        <source>✓ 报名成功</source>
        <translation>✓ You are signed up</translation>
    </message>
    <message>
        <source>时间：%1 %2</source>
        <translation>When: %1 %2</translation>
    </message>
    <message>
        <source>地点：%1</source>
        <translation>Where: %1</translation>
    </message>
    <message>
        <source>请按时来参加。有变化时工作人员会通知您。</source>
        <translation>Please come on time. If anything changes, the staff will let you know.</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>完成，回到首页</source>
        <translation>Done, back to the start</translation>
    </message>
</context>
<context>
    <name>DueDelegate</name>
    <message>
        <source>重点</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>家访回访</source>
        <translation>Visit follow-up</translation>
    </message>
    <message>
        <source>两癌：待筛查</source>
        <translation>Screening: awaiting screening</translation>
    </message>
    <message>
        <source>两癌：待出结果</source>
        <translation>Screening: awaiting result</translation>
    </message>
    <message>
        <source>两癌：待确诊</source>
        <translation>Screening: awaiting diagnosis</translation>
    </message>
    <message>
        <source>两癌：待治疗</source>
        <translation>Screening: awaiting treatment</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1月%2日</source>
        <translation>%2/%1</translation>
    </message>
    <message>
        <source>%1年%2月%3日</source>
        <translation>%3/%2/%1</translation>
    </message>
    <message numerus="yes">
        <source>逾期 %n 天</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message numerus="yes">
        <source>%n 天后到期</source>
        <translation>
            <numerusform>due in %n day</numerusform>
            <numerusform>due in %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>%1年%2月</source>
        <translation>%2/%1</translation>
    </message>
</context>
<context>
    <name>FullView</name>
    <message>
        <source>名额已满</source>
        <translation>No places left</translation>
    </message>
    <message>
        <source>很抱歉，“%1”的名额已经满了</source>
        <translation>Sorry, all places for “%1” are taken</translation>
    </message>
    <message>
        <source>同类的培训下一期在这里，您看看合适吗？</source>
        <translation>Here is the next training of the same kind. Would it suit you?</translation>
    </message>
    <message>
        <source>最近没有同类的培训。有新的培训时，工作人员会通知大家，欢迎再来看看。</source>
        <translation>There is no training like this coming up. The staff will let everyone know when there is a new one. Do come and look again.</translation>
    </message>
    <message>
        <source>%1 %2 · %3</source>
        <translation>%1 %2 · %3</translation>
    </message>
    <message>
        <source>回到首页</source>
        <translation>Back to the start</translation>
    </message>
    <message>
        <source>报名下一期</source>
        <translation>Sign up for the next one</translation>
    </message>
    <message>
        <source>报名参加%1</source>
        <translation>Sign up for %1</translation>
    </message>
</context>
<context>
    <name>HistoryDelegate</name>
    <message>
        <source>已转介</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>已筛查</source>
        <translation>Screened</translation>
    </message>
    <message>
        <source>已出结果</source>
        <translation>Result in</translation>
    </message>
    <message>
        <source>已确诊</source>
        <translation>Diagnosed</translation>
    </message>
    <message>
        <source>已治疗</source>
        <translation>Treated</translation>
    </message>
    <message>
        <source>已结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>两癌转介</source>
        <translation>Screening referral</translation>
    </message>
    <message>
        <source>家访</source>
        <translation>Family visit</translation>
    </message>
    <message>
        <source>已签到</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>未签到</source>
        <translation>Not checked in</translation>
    </message>
    <message>
        <source>风险：%1</source>
        <translation>Risk: %1</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>回访 %1</source>
        <translation>follow-up %1</translation>
    </message>
    <message>
        <source>下次跟进 %1</source>
        <translation>next follow-up %1</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>您好，%1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>%1 工作量</source>
        <translation>Work in %1</translation>
    </message>
    <message>
        <source>培训场次</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>签到人次</source>
        <translation>Check-ins</translation>
    </message>
    <message>
        <source>两癌转介</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>家访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>待办回访（%1）</source>
        <translation>Follow-ups due (%1)</translation>
    </message>
    <message>
        <source>没有到期的回访。</source>
        <translation>No follow-ups are due.</translation>
    </message>
    <message>
        <source>培训</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>全部培训</source>
        <translation>All trainings</translation>
    </message>
    <message numerus="yes">
        <source>今天有 %n 场培训</source>
        <translation>
            <numerusform>%n training today</numerusform>
            <numerusform>%n trainings today</numerusform>
        </translation>
    </message>
    <message>
        <source>今天没有培训</source>
        <translation>No training today</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>没有安排中的培训。</source>
        <translation>No trainings are planned.</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>您还在吗？%1 秒后清除填写的内容</source>
        <translation>Are you still there? Your answers will be cleared in %1 seconds</translation>
    </message>
    <message>
        <source>您还在吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>%1 秒后将清除填写的内容，回到首页</source>
        <translation>In %1 seconds your answers will be cleared and the screen goes back to the start</translation>
    </message>
    <message>
        <source>我还在，继续填</source>
        <translation>I am here, keep going</translation>
    </message>
</context>
<context>
    <name>KioskHome</name>
    <message>
        <source>培训报名</source>
        <translation>Training sign-up</translation>
    </message>
</context>
<context>
    <name>KioskHomeView</name>
    <message>
        <source>欢迎！点一个培训就可以报名</source>
        <translation>Welcome! Tap a training to sign up</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>工作人员登录（需要密码）</source>
        <translation>Staff login (password needed)</translation>
    </message>
    <message>
        <source>最近没有可以报名的培训。
请向工作人员了解培训安排。</source>
        <translation>There are no trainings to sign up for right now.
Please ask the staff about upcoming trainings.</translation>
    </message>
    <message>
        <source>报名暂时用不了，请找工作人员。</source>
        <translation>Sign-up is not working right now. Please ask the staff.</translation>
    </message>
</context>
<context>
    <name>KioskPreview</name>
    <message>
        <source>兰馨 · 培训报名（预览）</source>
        <translation>Lanxin · Training sign-up (preview)</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>这里是预览：员工的 PIN 解锁界面由员工端提供。</source>
        <translation>This is a preview: the staff PIN unlock screen is part of the staff app.</translation>
    </message>
</context>
<context>
    <name>KioskTopBar</name>
    <message>
        <source>‹ 上一步</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <source>回到上一步</source>
        <translation>Go back one step</translation>
    </message>
    <message>
        <source>🔊 朗读：开</source>
        <translation>🔊 Read aloud: on</translation>
    </message>
    <message>
        <source>🔈 朗读：关</source>
        <translation>🔈 Read aloud: off</translation>
    </message>
    <message>
        <source>关掉朗读</source>
        <translation>Turn off read aloud</translation>
    </message>
    <message>
        <source>打开朗读，每个问题都读出来</source>
        <translation>Turn on read aloud: every question is read out</translation>
    </message>
    <message>
        <source>✕ 取消</source>
        <translation>✕ Cancel</translation>
    </message>
    <message>
        <source>取消报名，清除填写的内容，回到首页</source>
        <translation>Cancel the sign-up, clear your answers and go back to the start</translation>
    </message>
</context>
<context>
    <name>LetterKeys</name>
    <message>
        <source>英</source>
        <translation>EN</translation>
    </message>
    <message>
        <source>中</source>
        <translation>中</translation>
    </message>
    <message>
        <source>现在是英文字母，点这里换成中文拼音</source>
        <translation>English letters now; tap here to switch to Chinese pinyin</translation>
    </message>
    <message>
        <source>现在是中文拼音，点这里换成英文字母</source>
        <translation>Chinese pinyin now; tap here to switch to English letters</translation>
    </message>
    <message>
        <source>字母 %1</source>
        <translation>Letter %1</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>分词&apos;</source>
        <translation>Split '</translation>
    </message>
    <message>
        <source>拼音分隔符</source>
        <translation>Pinyin separator</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>培训</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>居民</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>兰馨 · 妇女之家服务记录</source>
        <translation>Lanxin · Women&apos;s Home service records</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>MergePage</name>
    <message>
        <source>合并重复居民</source>
        <translation>Merge duplicate residents</translation>
    </message>
    <message>
        <source>要合并掉的记录</source>
        <translation>Record to merge away</translation>
    </message>
    <message>
        <source>↓ 合并到</source>
        <translation>↓ merge into</translation>
    </message>
    <message>
        <source>保留的记录</source>
        <translation>Record to keep</translation>
    </message>
    <message>
        <source>合并后，她的培训、转介和家访记录都归到保留的记录；保留记录中空着的信息用被合并记录补上。此操作会同步到区里。</source>
        <translation>After the merge, her trainings, referrals and visits belong to the record kept; its empty fields are filled from the merged record. The change syncs to the district.</translation>
    </message>
    <message>
        <source>确认合并</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>已合并</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>选择保留的记录</source>
        <translation>Choose the record to keep</translation>
    </message>
    <message>
        <source>相似的居民</source>
        <translation>Similar residents</translation>
    </message>
</context>
<context>
    <name>MilestonePanel</name>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>记录筛查</source>
        <translation>Record the screening</translation>
    </message>
    <message>
        <source>记录筛查结果</source>
        <translation>Record the result</translation>
    </message>
    <message>
        <source>记录确诊</source>
        <translation>Record the diagnosis</translation>
    </message>
    <message>
        <source>记录治疗</source>
        <translation>Record the treatment</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close the referral</translation>
    </message>
    <message>
        <source>已完成治疗，转介结束。</source>
        <translation>Treatment done; the referral is complete.</translation>
    </message>
    <message>
        <source>转介已结案。</source>
        <translation>The referral is closed.</translation>
    </message>
    <message>
        <source>筛查结果未见异常，转介结束。</source>
        <translation>The result was normal; the referral is complete.</translation>
    </message>
</context>
<context>
    <name>NameStep</name>
    <message>
        <source>您叫什么名字？</source>
        <translation>What is your name?</translation>
    </message>
    <message>
        <source>在下面的键盘上打拼音（比如 zhang），再点上面出来的字</source>
        <translation>Type the pinyin on the keyboard below (for example zhang), then tap the character that appears above</translation>
    </message>
    <message>
        <source>名字</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>NavBar</name>
    <message>
        <source>导航</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
</context>
<context>
    <name>NumericPad</name>
    <message>
        <source>字母X（身份证号最后一位）</source>
        <translation>Letter X (last character of an ID number)</translation>
    </message>
    <message>
        <source>空</source>
        <translation>Blank</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>PIN 键盘</source>
        <translation>PIN keypad</translation>
    </message>
    <message numerus="yes">
        <source>已输入 %n 位</source>
        <translation>
            <numerusform>%n digit entered</numerusform>
            <numerusform>%n digits entered</numerusform>
        </translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>删除一位</source>
        <translation>Delete a digit</translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <source>工作人员解锁</source>
        <translation>Staff unlock</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>本机还没有妇女主任。首次使用时，请妇女主任设置自己的姓名和 PIN。</source>
        <translation>This device has no director yet. On first use, the women&apos;s director sets her name and PIN.</translation>
    </message>
    <message>
        <source>首次设置</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <source>请选择您的名字</source>
        <translation>Choose your name</translation>
    </message>
    <message>
        <source>输入 PIN</source>
        <translation>Enter your PIN</translation>
    </message>
    <message>
        <source>正在核对…</source>
        <translation>Checking…</translation>
    </message>
    <message numerus="yes">
        <source>请 %n 秒后再试</source>
        <translation>
            <numerusform>Try again in %n second</numerusform>
            <numerusform>Try again in %n seconds</numerusform>
        </translation>
    </message>
    <message>
        <source>先选择您的名字</source>
        <translation>Choose your name first</translation>
    </message>
</context>
<context>
    <name>PinyinKeyboard</name>
    <message>
        <source>屏幕键盘</source>
        <translation>On-screen keyboard</translation>
    </message>
</context>
<context>
    <name>PrivacyStep</name>
    <message>
        <source>最后，请看一下我们怎样保护您的信息</source>
        <translation>Last step: please read how we protect your information</translation>
    </message>
    <message>
        <source>确认报名</source>
        <translation>Confirm sign-up</translation>
    </message>
    <message>
        <source>&lt;b&gt;谁保存：&lt;/b&gt;%1和区妇联。&lt;br&gt;&lt;b&gt;为什么：&lt;/b&gt;为您报名培训、通知您培训的安排，并统计妇女参加培训的情况。&lt;br&gt;&lt;b&gt;保存什么：&lt;/b&gt;您的名字、手机号或身份证号、所在的村（社区），以及您参加培训的记录；填了身份证号的，还有从中得到的出生日期和性别。不会问您的健康和家庭情况。&lt;br&gt;&lt;b&gt;保存多久：&lt;/b&gt;培训记录保存10年，用于每年的统计；手机号和身份证号在本站最多保存3年。&lt;br&gt;&lt;b&gt;您的权利：&lt;/b&gt;您可以随时请工作人员帮您查看、改正或删除您的信息，也可以撤回同意。不同意也没关系，可以请工作人员帮您报名。</source>
        <translation>&lt;b&gt;Who keeps it:&lt;/b&gt; %1 and the district Women's Federation.&lt;br&gt;&lt;b&gt;Why:&lt;/b&gt; to sign you up for trainings, tell you about training arrangements, and count how many women take part in trainings.&lt;br&gt;&lt;b&gt;What we keep:&lt;/b&gt; your name, your mobile number or ID number, your village (community), and a record of the trainings you attend; if you give your ID number, also the birth date and sex it shows. We do not ask about your health or your family.&lt;br&gt;&lt;b&gt;How long:&lt;/b&gt; training records are kept for 10 years for the yearly statistics; mobile and ID numbers are kept at this station for 3 years at most.&lt;br&gt;&lt;b&gt;Your rights:&lt;/b&gt; at any time you can ask the staff to show, correct or delete your information, and you can withdraw your consent. If you do not agree, that is fine: the staff can sign you up.</translation>
    </message>
    <message>
        <source>我同意按上面的说明保存和使用我的信息</source>
        <translation>I agree that my information is kept and used as described above</translation>
    </message>
    <message>
        <source>我同意保存我的身份证号（敏感个人信息），用于核对身份。不勾选就不保存身份证号。</source>
        <translation>I agree that my ID number (sensitive personal information) is kept to confirm who I am. If this is not ticked, the ID number is not kept.</translation>
    </message>
    <message>
        <source>不同意，不报名了</source>
        <translation>I do not agree; do not sign me up</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>自助报名，待妇女主任确认</source>
        <translation>Signed up at the kiosk, waiting for the director</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>合并重复</source>
        <translation>Merge duplicate</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message numerus="yes">
        <source>%n 岁</source>
        <translation>
            <numerusform>%n year old</numerusform>
            <numerusform>%n years old</numerusform>
        </translation>
    </message>
    <message>
        <source>同意</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>个人信息</source>
        <translation>personal data</translation>
    </message>
    <message>
        <source>敏感信息</source>
        <translation>sensitive data</translation>
    </message>
    <message>
        <source>两癌筛查转介</source>
        <translation>Screening referral</translation>
    </message>
    <message>
        <source>记录家访</source>
        <translation>Log a visit</translation>
    </message>
    <message>
        <source>服务记录（%1）</source>
        <translation>Service history (%1)</translation>
    </message>
    <message>
        <source>还没有服务记录。</source>
        <translation>No services recorded yet.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>内容不符合要求</source>
        <translation>Invalid value</translation>
    </message>
    <message>
        <source>缺少必填内容</source>
        <translation>A required field is missing</translation>
    </message>
    <message>
        <source>区里不认识这项内容，请升级本程序</source>
        <translation>The district does not recognise this item; please update this app</translation>
    </message>
    <message>
        <source>记录不完整，请重新保存</source>
        <translation>The record is incomplete; please save it again</translation>
    </message>
    <message>
        <source>记录不属于本站点</source>
        <translation>The record does not belong to this station</translation>
    </message>
    <message>
        <source>参考数据只能由区里修改</source>
        <translation>Reference data can only be changed by the district</translation>
    </message>
    <message>
        <source>区里未接收（%1）</source>
        <translation>Not accepted by the district (%1)</translation>
    </message>
    <message>
        <source>：</source>
        <translation>: </translation>
    </message>
</context>
<context>
    <name>QuestionPage</name>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>🔊 听</source>
        <translation>🔊 Listen</translation>
    </message>
    <message>
        <source>朗读这个问题</source>
        <translation>Read this question aloud</translation>
    </message>
</context>
<context>
    <name>ReferralPage</name>
    <message>
        <source>已转介</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>两癌筛查转介</source>
        <translation>Screening referral</translation>
    </message>
    <message>
        <source>新的两癌筛查转介</source>
        <translation>New screening referral</translation>
    </message>
    <message>
        <source>转介</source>
        <translation>Refer</translation>
    </message>
    <message>
        <source>不在筛查年龄内</source>
        <translation>Outside the screening age</translation>
    </message>
    <message>
        <source>她在转介日为 %1 岁。国家两癌筛查面向 %2–%3 岁的妇女。可以转介，但请写明原因。</source>
        <translation>She is %1 on the referral date. The national programme screens women aged %2–%3. You may refer her, but give the reason.</translation>
    </message>
    <message>
        <source>已结案：%1</source>
        <translation>Closed: %1</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>转介信息</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>转介 %1</source>
        <translation>referred %1</translation>
    </message>
    <message>
        <source>预约 %1</source>
        <translation>appointment %1</translation>
    </message>
    <message>
        <source>筛查 %1</source>
        <translation>screened %1</translation>
    </message>
    <message>
        <source>确诊 %1</source>
        <translation>diagnosed %1</translation>
    </message>
    <message>
        <source>治疗 %1</source>
        <translation>treated %1</translation>
    </message>
    <message>
        <source>下次跟进：%1</source>
        <translation>Next follow-up: %1</translation>
    </message>
    <message>
        <source>转介</source>
        <comment>pipeline step</comment>
        <translation>Referred</translation>
    </message>
    <message>
        <source>筛查</source>
        <comment>pipeline step</comment>
        <translation>Screened</translation>
    </message>
    <message>
        <source>结果</source>
        <comment>pipeline step</comment>
        <translation>Result</translation>
    </message>
    <message>
        <source>确诊</source>
        <comment>pipeline step</comment>
        <translation>Diagnosed</translation>
    </message>
    <message>
        <source>治疗</source>
        <comment>pipeline step</comment>
        <translation>Treated</translation>
    </message>
</context>
<context>
    <name>ResidentDelegate</name>
    <message numerus="yes">
        <source>%n 岁</source>
        <translation>
            <numerusform>%n year old</numerusform>
            <numerusform>%n years old</numerusform>
        </translation>
    </message>
    <message>
        <source>待确认</source>
        <translation>To review</translation>
    </message>
</context>
<context>
    <name>ResidentEditPage</name>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>编辑居民</source>
        <translation>Edit resident</translation>
    </message>
    <message>
        <source>新建居民</source>
        <translation>New resident</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>可能已经登记过</source>
        <translation>She may be registered already</translation>
    </message>
    <message>
        <source>下面的居民身份证号相同，或姓名、出生日期和村都相同。请先看看是不是同一个人。</source>
        <translation>These residents have the same ID number, or the same name, birth date and village. Check whether she is one of them.</translation>
    </message>
    <message>
        <source>打开已有的</source>
        <translation>Open the existing one</translation>
    </message>
    <message>
        <source>不是同一个人，仍然新建</source>
        <translation>Not the same person: create anyway</translation>
    </message>
    <message>
        <source>18位，可不填</source>
        <translation>18 characters, optional</translation>
    </message>
    <message>
        <source>已登记，号码已隐藏。留空则保持不变。</source>
        <translation>On file and hidden. Leave empty to keep it.</translation>
    </message>
    <message>
        <source>11位手机号，可不填</source>
        <translation>11-digit mobile number, optional</translation>
    </message>
    <message>
        <source>本站的村</source>
        <translation>Villages of this station</translation>
    </message>
    <message>
        <source>未满14岁须填写</source>
        <translation>Required under 14</translation>
    </message>
    <message>
        <source>本人同意登记和使用个人信息</source>
        <translation>She consents to her personal data being recorded and used</translation>
    </message>
    <message>
        <source>本人另行同意登记身份证号等敏感信息</source>
        <translation>She separately consents to her ID number and other sensitive data being recorded</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <source>居民</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>待确认 %1</source>
        <translation>To review: %1</translation>
    </message>
    <message>
        <source>新建居民</source>
        <translation>New resident</translation>
    </message>
    <message>
        <source>没有找到“%1”。可以点“新建居民”登记她。</source>
        <translation>No one found for “%1”. Tap “New resident” to register her.</translation>
    </message>
    <message>
        <source>还没有居民。</source>
        <translation>No residents yet.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>待确认的自助报名</source>
        <translation>Kiosk sign-ups to review</translation>
    </message>
    <message numerus="yes">
        <source>有 %n 位相似的居民</source>
        <translation>
            <numerusform>%n similar resident</numerusform>
            <numerusform>%n similar residents</numerusform>
        </translation>
    </message>
    <message>
        <source>没有相似的居民</source>
        <translation>No similar residents</translation>
    </message>
    <message>
        <source>合并到已有居民</source>
        <translation>Merge into an existing resident</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>没有待确认的自助报名。</source>
        <translation>No kiosk sign-ups to review.</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>重新开放</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>结束培训</source>
        <translation>Close session</translation>
    </message>
    <message>
        <source>已签到 %1 人 · 已报名 %2 / 名额 %3</source>
        <translation>%1 checked in · %2 registered / %3 places</translation>
    </message>
    <message>
        <source>已签到 %1 人 · 已报名 %2 人</source>
        <translation>%1 checked in · %2 registered</translation>
    </message>
    <message>
        <source>（已满）</source>
        <translation>(full)</translation>
    </message>
    <message>
        <source>现场报名</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>已签到</source>
        <translation>checked in</translation>
    </message>
    <message>
        <source>未签到</source>
        <translation>not checked in</translation>
    </message>
    <message>
        <source>签到</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>撤销 %1 的签到</source>
        <translation>Undo the check-in of %1</translation>
    </message>
    <message>
        <source>为 %1 签到</source>
        <translation>Check in %1</translation>
    </message>
    <message>
        <source>还没有人报名。来了的人请用“现场报名”登记并签到。</source>
        <translation>Nobody has registered yet. Register people who came with “Walk-in”.</translation>
    </message>
    <message>
        <source>点“签到”即签到，再点一次撤销。</source>
        <translation>Tap “Check in” to check someone in; tap again to undo.</translation>
    </message>
    <message>
        <source>她已报名，已签到</source>
        <translation>She was registered; now checked in</translation>
    </message>
    <message>
        <source>已登记并签到</source>
        <translation>Registered and checked in</translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <source>姓名、拼音首字母（如 zxy）、手机或身份证后4位</source>
        <translation>Name, pinyin initials (e.g. zxy), last 4 digits of phone or ID</translation>
    </message>
    <message>
        <source>搜索居民</source>
        <translation>Search residents</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>SensitiveText</name>
    <message>
        <source>（未填写）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>已隐藏</source>
        <translation>hidden</translation>
    </message>
    <message>
        <source>隐藏</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>显示</source>
        <translation>Show</translation>
    </message>
</context>
<context>
    <name>SessionEditPage</name>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>编辑培训</source>
        <translation>Edit training</translation>
    </message>
    <message>
        <source>新建培训</source>
        <translation>New training</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>留空表示不限人数</source>
        <translation>Leave empty for no limit</translation>
    </message>
    <message>
        <source>居民可以在本机首页自己报名</source>
        <translation>Residents can sign up themselves on this device&apos;s start screen</translation>
    </message>
</context>
<context>
    <name>SessionTile</name>
    <message>
        <source>名额已满</source>
        <translation>No places left</translation>
    </message>
    <message>
        <source>区里组织%1</source>
        <translation>Run by the district%1</translation>
    </message>
    <message>
        <source>还有 %1 个名额</source>
        <translation>Places left: %1</translation>
    </message>
    <message>
        <source>名额充足</source>
        <translation>Plenty of places</translation>
    </message>
    <message>
        <source>%1，%2 %3，在%4，%5</source>
        <translation>%1, %2 %3, at %4, %5</translation>
    </message>
    <message>
        <source>已满，看看下一期</source>
        <translation>Full: see the next one</translation>
    </message>
    <message>
        <source>报名</source>
        <translation>Sign up</translation>
    </message>
    <message>
        <source>报名参加%1</source>
        <translation>Sign up for %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>语言 Language</source>
        <translation>Language 语言</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>文字大小：%1%</source>
        <translation>Text size: %1%</translation>
    </message>
    <message>
        <source>文字大小</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>高对比度</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>无操作自动锁定</source>
        <translation>Lock after no activity for</translation>
    </message>
    <message numerus="yes">
        <source>%n 分钟</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>工作人员和 PIN</source>
        <translation>Staff and PINs</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>inactive</translation>
    </message>
    <message>
        <source>PIN 已锁定</source>
        <translation>PIN blocked</translation>
    </message>
    <message>
        <source>本机已设 PIN</source>
        <translation>PIN set on this device</translation>
    </message>
    <message>
        <source>本机未设 PIN</source>
        <translation>no PIN on this device</translation>
    </message>
    <message>
        <source>解除锁定</source>
        <translation>Unblock</translation>
    </message>
    <message>
        <source>改 PIN</source>
        <translation>Change PIN</translation>
    </message>
    <message>
        <source>设 PIN</source>
        <translation>Set PIN</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Activate</translation>
    </message>
    <message>
        <source>显示</source>
        <comment>settings section: how the app looks</comment>
        <translation>Display</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>首次设置</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>设置本站妇女主任</source>
        <translation>Set up the station&apos;s director</translation>
    </message>
    <message>
        <source>区里登记的妇女主任</source>
        <translation>Directors registered by the district</translation>
    </message>
    <message>
        <source>不是以上的人</source>
        <translation>None of these</translation>
    </message>
    <message>
        <source>您的姓名</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>请设置 4 到 6 位数字的 PIN</source>
        <translation>Choose a PIN of 4 to 6 digits</translation>
    </message>
    <message>
        <source>请再输入一次 PIN</source>
        <translation>Enter the PIN again</translation>
    </message>
    <message>
        <source>两次输入的 PIN 不一样，请重新设置</source>
        <translation>The two PINs differ; please start again</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>SignUpFlow</name>
    <message>
        <source>请先点一下上面出来的字</source>
        <translation>Please tap one of the characters above first</translation>
    </message>
    <message>
        <source>请写下监护人的名字</source>
        <translation>Please write your guardian's name</translation>
    </message>
    <message>
        <source>请先勾选“我同意”，不然不能为您报名。也可以找工作人员帮忙。</source>
        <translation>Please tick “I agree” first, or we cannot sign you up. You can also ask the staff for help.</translation>
    </message>
    <message>
        <source>报名：%1</source>
        <translation>Sign up: %1</translation>
    </message>
    <message>
        <source>第 %1 步，共 %2 步</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>您还不满14岁，请填写监护人（如爸爸、妈妈）的名字</source>
        <translation>You are under 14. Please write the name of your guardian (such as your mum or dad)</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>设置 PIN</source>
        <translation>Set PIN</translation>
    </message>
    <message>
        <source>添加工作人员</source>
        <translation>Add staff</translation>
    </message>
    <message>
        <source>PIN 已设置</source>
        <translation>PIN set</translation>
    </message>
    <message>
        <source>添加并设置 PIN</source>
        <translation>Add and set PIN</translation>
    </message>
    <message>
        <source>请 %1 本人输入新的 PIN（4 到 6 位数字）</source>
        <translation>%1, enter your new PIN (4 to 6 digits)</translation>
    </message>
    <message>
        <source>请再输入一次</source>
        <translation>Enter it again</translation>
    </message>
    <message>
        <source>两次输入的 PIN 不一样，请重新输入</source>
        <translation>The two PINs differ; please enter it again</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>SyncBadge</name>
    <message>
        <source>未登记到区里</source>
        <translation>Not enrolled with the district</translation>
    </message>
    <message>
        <source>需要重新登记</source>
        <translation>Needs enrolling again</translation>
    </message>
    <message>
        <source>正在同步</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <source>待同步 %1 条</source>
        <translation>To sync: %1</translation>
    </message>
    <message>
        <source>无待同步</source>
        <translation>Nothing to sync</translation>
    </message>
    <message>
        <source>区里确认：%1</source>
        <translation>District confirmed: %1</translation>
    </message>
    <message>
        <source>%1 条被退回</source>
        <translation>Returned: %1</translation>
    </message>
    <message>
        <source>%1 处修改被覆盖</source>
        <translation>Overwritten: %1</translation>
    </message>
    <message>
        <source>同步状态：%1</source>
        <translation>Sync status: %1</translation>
    </message>
</context>
<context>
    <name>SyncEnrollPanel</name>
    <message>
        <source>设备登记</source>
        <translation>Device enrollment</translation>
    </message>
    <message>
        <source>已登记到站点 %1 %2
区里服务器：%3</source>
        <translation>Enrolled at station %1 %2
District server: %3</translation>
    </message>
    <message>
        <source>区里已停用本设备的凭据。请向区里要一个新的登记码，重新登记后继续同步；本机记录不会丢失。</source>
        <translation>The district has revoked this device's credentials. Ask the district for a new enrollment code and enroll again to keep syncing; the records on this device will not be lost.</translation>
    </message>
    <message>
        <source>重新登记</source>
        <translation>Enroll again</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>例如 https://fulian.example.gov.cn:8443</source>
        <translation>e.g. https://fulian.example.gov.cn:8443</translation>
    </message>
    <message>
        <source>站点编码</source>
        <translation>Station code</translation>
    </message>
    <message>
        <source>例如 FH-XW-012</source>
        <translation>e.g. FH-XW-012</translation>
    </message>
    <message>
        <source>登记码</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>区里给的一次性登记码，如 K7Q2-M9XD</source>
        <translation>One-time enrollment code from the district, e.g. K7Q2-M9XD</translation>
    </message>
    <message>
        <source>区里证书</source>
        <translation>District certificate</translation>
    </message>
    <message>
        <source>证书文件路径（PEM，可不填）</source>
        <translation>Certificate file path (PEM, optional)</translation>
    </message>
    <message>
        <source>区里证书文件</source>
        <translation>District certificate file</translation>
    </message>
    <message>
        <source>登记本设备</source>
        <translation>Enroll this device</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在登记</source>
        <translation>Enrolling</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>同步进度</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>%1 条记录等待发送到区里</source>
        <translation>Records waiting to be sent to the district: %1</translation>
    </message>
    <message>
        <source>本机没有等待发送的记录</source>
        <translation>No records on this device are waiting to be sent</translation>
    </message>
    <message>
        <source>%1：%2 条</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>区里确认</source>
        <translation>District confirmation</translation>
    </message>
    <message>
        <source>还有待同步或被退回的记录时，核对不会完全一致。</source>
        <translation>While records are waiting to sync or have been returned, the check will not fully match.</translation>
    </message>
    <message>
        <source>最近一次确认：%1</source>
        <translation>Last confirmed: %1</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>This device</translation>
    </message>
    <message>
        <source>区里</source>
        <translation>District</translation>
    </message>
    <message>
        <source>核对</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>✓ 一致</source>
        <translation>✓ Match</translation>
    </message>
    <message>
        <source>不一致</source>
        <translation>Mismatch</translation>
    </message>
    <message>
        <source>区里退回的记录（%1）</source>
        <translation>Records returned by the district (%1)</translation>
    </message>
    <message>
        <source>这些记录需要修改后才能同步；其他记录不受影响。</source>
        <translation>These records must be corrected before they can sync; other records are not affected.</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>去修改</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>修改这条%1记录</source>
        <translation>Correct this %1 record</translation>
    </message>
    <message>
        <source>被覆盖的修改（%1）</source>
        <translation>Overwritten changes (%1)</translation>
    </message>
    <message>
        <source>别的设备或区里后来改了同一项，以较新的修改为准。</source>
        <translation>Another device or the district later changed the same item; the newer change wins.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>本机改为：%1&#x3000;现在是：%2</source>
        <translation>Changed here to: %1 · Now: %2</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <source>不再显示这条被覆盖的修改</source>
        <translation>Stop showing this overwritten change</translation>
    </message>
</context>
<context>
    <name>TrainingsPage</name>
    <message>
        <source>培训</source>
        <translation>Trainings</translation>
    </message>
    <message>
        <source>新建培训</source>
        <translation>New training</translation>
    </message>
    <message>
        <source>即将开始</source>
        <translation>Coming up</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Past</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>报名 %1/%2 · 签到 %3</source>
        <translation>registered %1/%2 · checked in %3</translation>
    </message>
    <message>
        <source>报名 %1 · 签到 %2</source>
        <translation>registered %1 · checked in %2</translation>
    </message>
    <message>
        <source>没有即将开始的培训。点“新建培训”安排一场。</source>
        <translation>No trainings coming up. Tap “New training” to plan one.</translation>
    </message>
    <message>
        <source>还没有培训记录。</source>
        <translation>No trainings recorded yet.</translation>
    </message>
</context>
<context>
    <name>VillageStep</name>
    <message>
        <source>您住在哪个村（社区）？</source>
        <translation>Which village (community) do you live in?</translation>
    </message>
    <message>
        <source>点您的村；找不到可以在下面打拼音或村名的第一个字母</source>
        <translation>Tap your village. If you cannot find it, type its pinyin or the first letters of its name below</translation>
    </message>
    <message>
        <source>点您的村</source>
        <translation>Tap your village</translation>
    </message>
    <message>
        <source>找村：打拼音，如 baidu 或 bd</source>
        <translation>Find a village: type pinyin, e.g. baidu or bd</translation>
    </message>
    <message>
        <source>查找村（社区）</source>
        <translation>Find a village (community)</translation>
    </message>
    <message>
        <source>%1，已选</source>
        <translation>%1, selected</translation>
    </message>
    <message>
        <source>没有找到这个村，请换个写法，或找工作人员帮忙</source>
        <translation>We could not find this village. Please try another spelling, or ask the staff for help</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <source>已保存家访</source>
        <translation>Visit saved</translation>
    </message>
    <message>
        <source>家访记录</source>
        <translation>Family visit</translation>
    </message>
    <message>
        <source>记录家访</source>
        <translation>Log a visit</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>记录回访</source>
        <translation>Log the follow-up</translation>
    </message>
    <message>
        <source>风险等级：%1</source>
        <translation>Risk level: %1</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>有</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>无</source>
        <translation>No</translation>
    </message>
    <message>
        <source>已回访</source>
        <translation>Followed up</translation>
    </message>
    <message>
        <source>回访截止：%1</source>
        <translation>Follow-up due: %1</translation>
    </message>
    <message>
        <source>走访人：%1</source>
        <translation>Visited by: %1</translation>
    </message>
    <message>
        <source>这次是对 %1 那次家访的回访</source>
        <translation>This visit follows up the visit of %1</translation>
    </message>
    <message>
        <source>保存后，那次家访的回访就完成了</source>
        <translation>Saving it completes that visit&apos;s follow-up</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>敏感信息，只有本站工作人员可见</source>
        <translation>Sensitive: only this station&apos;s staff see it</translation>
    </message>
    <message>
        <source>走访情况，不要写与服务无关的隐私</source>
        <translation>What happened; leave out private matters unrelated to the service</translation>
    </message>
    <message numerus="yes">
        <source>有家暴风险或高风险：必须在 %n 天内回访</source>
        <translation>
            <numerusform>DV risk or high risk: follow up within %n day</numerusform>
            <numerusform>DV risk or high risk: follow up within %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>最晚 %1</source>
        <translation>at the latest %1</translation>
    </message>
</context>
<context>
    <name>WalkInPanel</name>
    <message>
        <source>现场报名</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>没有找到。可以新建居民。</source>
        <translation>Nobody found. You can add her as a new resident.</translation>
    </message>
    <message>
        <source>新建居民并签到</source>
        <translation>New resident, checked in</translation>
    </message>
    <message>
        <source>本人同意登记个人信息</source>
        <translation>She consents to her personal data being recorded</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>保存并签到</source>
        <translation>Save and check in</translation>
    </message>
</context>
<context>
    <name>lanxin::KioskController</name>
    <message>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>今天 %1</source>
        <translation>Today, %1</translation>
    </message>
    <message>
        <source>明天 %1</source>
        <translation>Tomorrow, %1</translation>
    </message>
    <message>
        <source>后天 %1</source>
        <translation>In two days, %1</translation>
    </message>
    <message>
        <source>%1月%2日 %3</source>
        <translation>%2/%1, %3</translation>
    </message>
    <message>
        <source>请写下您的名字</source>
        <translation>Please write your name</translation>
    </message>
    <message>
        <source>名字太长了，请检查一下</source>
        <translation>That name is too long. Please check it</translation>
    </message>
    <message>
        <source>名字里不能有数字</source>
        <translation>A name cannot contain numbers</translation>
    </message>
    <message>
        <source>请输入手机号</source>
        <translation>Please enter your mobile number</translation>
    </message>
    <message>
        <source>手机号是11位数字，现在是%1位</source>
        <translation>A mobile number has 11 digits; you have entered %1</translation>
    </message>
    <message>
        <source>这个手机号不对，请再核对一下</source>
        <translation>This mobile number is not right. Please check it again</translation>
    </message>
    <message>
        <source>请输入身份证号</source>
        <translation>Please enter your ID number</translation>
    </message>
    <message>
        <source>身份证号是18位，现在是%1位</source>
        <translation>An ID number has 18 characters; you have entered %1</translation>
    </message>
    <message>
        <source>这个身份证号不对，请再核对一下</source>
        <translation>This ID number is not right. Please check it again</translation>
    </message>
    <message>
        <source>报名暂时无法使用，请找工作人员</source>
        <translation>Sign-up is not working right now. Please ask the staff</translation>
    </message>
    <message>
        <source>这个培训已经没有了，请回到首页重新选择</source>
        <translation>This training is no longer available. Please go back to the start and choose again</translation>
    </message>
    <message>
        <source>请留下手机号或身份证号</source>
        <translation>Please leave your mobile number or ID number</translation>
    </message>
    <message>
        <source>未满14岁，请填写监护人的名字</source>
        <translation>Under 14: please write your guardian's name</translation>
    </message>
    <message>
        <source>没有保存成功，请找工作人员帮忙</source>
        <translation>Your sign-up was not saved. Please ask the staff for help</translation>
    </message>
</context>
<context>
    <name>lanxin::ReferralService</name>
    <message>
        <source>数据库没有打开</source>
        <translation>The database is not open</translation>
    </message>
</context>
<context>
    <name>lanxin::ResidentService</name>
    <message>
        <source>数据库没有打开</source>
        <translation>The database is not open</translation>
    </message>
    <message>
        <source>只有妇女主任可以合并居民</source>
        <translation>Only the director can merge residents</translation>
    </message>
    <message>
        <source>只有妇女主任可以确认自助报名的居民</source>
        <translation>Only the director can confirm kiosk sign-ups</translation>
    </message>
</context>
<context>
    <name>lanxin::RosterModel</name>
    <message>
        <source>没有选中培训</source>
        <translation>No session chosen</translation>
    </message>
</context>
<context>
    <name>lanxin::StaffListModel</name>
    <message>
        <source>只有妇女主任可以添加工作人员</source>
        <translation>Only the director can add staff</translation>
    </message>
    <message>
        <source>只有妇女主任可以修改工作人员</source>
        <translation>Only the director can change staff</translation>
    </message>
    <message>
        <source>不能停用自己</source>
        <translation>You cannot deactivate yourself</translation>
    </message>
</context>
<context>
    <name>lanxin::StaffSession</name>
    <message>
        <source>此人在本机还没有设置 PIN，请妇女主任在“设置”中为她设置</source>
        <translation>She has no PIN on this device yet; the director can set one in Settings</translation>
    </message>
    <message numerus="yes">
        <source>输错次数过多，请 %n 秒后再试</source>
        <translation>
            <numerusform>Too many wrong PINs; try again in %n second</numerusform>
            <numerusform>Too many wrong PINs; try again in %n seconds</numerusform>
        </translation>
    </message>
    <message>
        <source>输错次数过多，须由妇女主任输入她的 PIN 后在“设置”中解除</source>
        <translation>Too many wrong PINs: the director must unlock and unblock it in Settings</translation>
    </message>
    <message>
        <source>PIN 是 4 到 6 位数字</source>
        <translation>A PIN is 4 to 6 digits</translation>
    </message>
    <message>
        <source>PIN 错误次数过多，已锁定，须由妇女主任解除</source>
        <translation>Too many wrong PINs: blocked until the director unblocks it</translation>
    </message>
    <message numerus="yes">
        <source>PIN 不正确。请 %n 秒后再试</source>
        <translation>
            <numerusform>Wrong PIN. Try again in %n second</numerusform>
            <numerusform>Wrong PIN. Try again in %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PIN 不正确，还可以再试 %n 次</source>
        <translation>
            <numerusform>Wrong PIN; %n try left</numerusform>
            <numerusform>Wrong PIN; %n tries left</numerusform>
        </translation>
    </message>
    <message>
        <source>本机已有妇女主任，请用她的 PIN 解锁</source>
        <translation>This device has a director already; unlock with her PIN</translation>
    </message>
    <message>
        <source>只有妇女主任解锁后才能设置 PIN</source>
        <translation>Only an unlocked director can set PINs</translation>
    </message>
    <message>
        <source>找不到这位工作人员</source>
        <translation>No such staff member</translation>
    </message>
</context>
<context>
    <name>lanxin::Sync</name>
    <message>
        <source>本设备尚未登记到区里</source>
        <translation>This device is not enrolled with the district yet</translation>
    </message>
    <message>
        <source>区里不再认可本设备，请重新登记</source>
        <translation>The district no longer accepts this device; please enroll it again</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message numerus="yes">
        <source>暂时连不上区里，%n 分钟内自动重试</source>
        <translation>
            <numerusform>Cannot reach the district; retrying within %n minute</numerusform>
            <numerusform>Cannot reach the district; retrying within %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>暂时连不上区里，稍后自动重试</source>
        <translation>Cannot reach the district; retrying shortly</translation>
    </message>
    <message numerus="yes">
        <source>%n 条记录等待同步</source>
        <translation>
            <numerusform>%n record waiting to sync</numerusform>
            <numerusform>%n records waiting to sync</numerusform>
        </translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>同步未运行</source>
        <translation>Sync is not running</translation>
    </message>
    <message>
        <source>尚未得到区里确认</source>
        <translation>Not yet confirmed by the district</translation>
    </message>
    <message>
        <source>今天 %1</source>
        <translation>Today %1</translation>
    </message>
    <message>
        <source>昨天 %1</source>
        <translation>Yesterday %1</translation>
    </message>
    <message>
        <source>%1月%2日 %3</source>
        <translation>%2/%1 %3</translation>
    </message>
    <message>
        <source>没有可用的数据库</source>
        <translation>No database available</translation>
    </message>
    <message>
        <source>%1：%2 条，内容不一致</source>
        <translation>%1: %2 records, contents differ</translation>
    </message>
    <message>
        <source>%1：本机 %2 条，区里 %3 条</source>
        <translation>%1: %2 on this device, %3 at the district</translation>
    </message>
    <message>
        <source>尚未与区里核对</source>
        <translation>Not yet checked against the district</translation>
    </message>
    <message>
        <source>区里已确认 %1 条记录</source>
        <translation>Records confirmed by the district: %1</translation>
    </message>
    <message>
        <source>与区里不一致：%1</source>
        <translation>Differs from the district: %1</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>正在登记…</source>
        <translation>Enrolling…</translation>
    </message>
</context>
<context>
    <name>lanxin::TrainingService</name>
    <message>
        <source>数据库没有打开</source>
        <translation>The database is not open</translation>
    </message>
</context>
<context>
    <name>lanxin::VisitService</name>
    <message>
        <source>数据库没有打开</source>
        <translation>The database is not open</translation>
    </message>
</context>
</TS>
