<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Cli</name>
    <message numerus="yes">
        <source>The profile database was damaged and has been recovered: %n unsent post(s)</source>
        <translation>
            <numerusform>The profile database was damaged and has been recovered: %n unsent post</numerusform>
            <numerusform>The profile database was damaged and has been recovered: %n unsent posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %n draft(s) kept.</source>
        <translation>
            <numerusform> and %n draft kept.</numerusform>
            <numerusform> and %n drafts kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) came back from the backup; check they were not sent already (outbox), then retry or discard them.</source>
        <translation>
            <numerusform>%n post came back from the backup; check it was not sent already (outbox), then retry or discard it.</numerusform>
            <numerusform>%n posts came back from the backup; check they were not sent already (outbox), then retry or discard them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged part(s) of the file could not be read; what was there is lost.</source>
        <translation>
            <numerusform>%n damaged part of the file could not be read; what was there is lost.</numerusform>
            <numerusform>%n damaged parts of the file could not be read; what was there is lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message numerus="yes">
        <source>Rate limited by the server; try again in %n second(s).</source>
        <extracomment>%n seconds to wait</extracomment>
        <translation>
            <numerusform>Rate limited by the server; try again in %n second.</numerusform>
            <numerusform>Rate limited by the server; try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message numerus="yes">
        <source>%n greeting(s) not answered yet</source>
        <translation>
            <numerusform>%n greeting not answered yet</numerusform>
            <numerusform>%n greetings not answered yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not greeted back yet</source>
        <translation>
            <numerusform>%n not greeted back yet</numerusform>
            <numerusform>%n not greeted back yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n answer(s)?</source>
        <translation>
            <numerusform>Send %n answer?</numerusform>
            <numerusform>Send %n answers?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n scheduled post(s) should have gone out while Kizuna was closed. Send them now?</source>
        <translation>
            <numerusform>%n scheduled post should have gone out while Kizuna was closed. Send it now?</numerusform>
            <numerusform>%n scheduled posts should have gone out while Kizuna was closed. Send them now?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n day(s) — write a greeting</source>
        <translation>
            <numerusform>%1 in %n day — write a greeting</numerusform>
            <numerusform>%1 in %n days — write a greeting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Notifications, %n unread</source>
        <translation>
            <numerusform>Notifications, %n unread</numerusform>
            <numerusform>Notifications, %n unread</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) signed out: %1</source>
        <translation>
            <numerusform>%n account signed out: %1</numerusform>
            <numerusform>%n accounts signed out: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyComposer</name>
    <message numerus="yes">
        <source>Only the %n person(s) the post was for — locked</source>
        <translation>
            <numerusform>Only the %n person the post was for — locked</numerusform>
            <numerusform>Only the %n people the post was for — locked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineColumn</name>
    <message numerus="yes">
        <source>%n new post(s)</source>
        <translation>
            <numerusform>%n new post</numerusform>
            <numerusform>%n new posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message numerus="yes">
        <source>%n image(s).</source>
        <translation>
            <numerusform>%n image.</numerusform>
            <numerusform>%n images.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message numerus="yes">
        <source>%n post(s) waiting, the next at %1</source>
        <translation>
            <numerusform>%n post waiting, the next at %1</numerusform>
            <numerusform>%n posts waiting, the next at %1</numerusform>
        </translation>
    </message>
</context>
</TS>
