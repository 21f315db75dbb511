<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Cli</name>
    <message numerus="yes">
        <source>Unsent posts kept: %n</source>
        <extracomment>A line of the recovery report; %n is how many unsent posts were kept.</extracomment>
        <translation>
            <numerusform>Unsent posts kept: %n</numerusform>
            <numerusform>Unsent posts kept: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drafts kept: %n</source>
        <extracomment>A line of the recovery report; %n is how many drafts were kept.</extracomment>
        <translation>
            <numerusform>Drafts kept: %n</numerusform>
            <numerusform>Drafts kept: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) came back from the backup; check they were not sent already (outbox), then retry or discard them.</source>
        <extracomment>CLI warning after a recovery; %n is how many unsent posts the backup restored.</extracomment>
        <translation>
            <numerusform>%n post came back from the backup; check it was not sent already (outbox), then retry or discard it.</numerusform>
            <numerusform>%n posts came back from the backup; check they were not sent already (outbox), then retry or discard them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged part(s) of the file could not be read; what was there is lost.</source>
        <extracomment>CLI warning after a recovery; %n is how many damaged parts were lost.</extracomment>
        <translation>
            <numerusform>%n damaged part of the file could not be read; what was there is lost.</numerusform>
            <numerusform>%n damaged parts of the file could not be read; what was there is lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n greeting(s) not answered yet</source>
        <extracomment>CLI ledger summary; %n greetings you received and have not answered (未返礼).</extracomment>
        <translation>
            <numerusform>%n greeting not answered yet</numerusform>
            <numerusform>%n greetings not answered yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not greeted back yet</source>
        <extracomment>CLI ledger summary; %n greetings you sent that were not answered (未返信).</extracomment>
        <translation>
            <numerusform>%n not greeted back yet</numerusform>
            <numerusform>%n not greeted back yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n greeting(s) answered</source>
        <extracomment>CLI, ledger --answer-all; %n greetings answered (返礼) just now.</extracomment>
        <translation>
            <numerusform>%n greeting answered</numerusform>
            <numerusform>%n greetings answered</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message numerus="yes">
        <source>%n earlier post(s)</source>
        <extracomment>Conversation window status: how many posts came before the one opened.</extracomment>
        <translation>
            <numerusform>%n earlier post</numerusform>
            <numerusform>%n earlier posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repl(ies)</source>
        <extracomment>Conversation window status: how many replies the post opened has.</extracomment>
        <translation>
            <numerusform>%n reply</numerusform>
            <numerusform>%n replies</numerusform>
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
        <extracomment>Ledger summary; %n is how many received greetings you have not answered.</extracomment>
        <translation>
            <numerusform>%n greeting not answered yet</numerusform>
            <numerusform>%n greetings not answered yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not greeted back yet</source>
        <extracomment>Ledger summary; %n is how many people you greeted have not answered yet.</extracomment>
        <translation>
            <numerusform>%n not greeted back yet</numerusform>
            <numerusform>%n not greeted back yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n answer(s)?</source>
        <extracomment>The question; %n is how many answers would be sent.</extracomment>
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
        <extracomment>The question; %n is how many scheduled posts are late.</extracomment>
        <translation>
            <numerusform>%n scheduled post should have gone out while Kizuna was closed. Send it now?</numerusform>
            <numerusform>%n scheduled posts should have gone out while Kizuna was closed. Send them now?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n day(s) — write a greeting</source>
        <extracomment>Top bar hint before an occasion; %1 is its name, %n the days until it.</extracomment>
        <translation>
            <numerusform>%1 in %n day — write a greeting</numerusform>
            <numerusform>%1 in %n days — write a greeting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Outbox (%n)</source>
        <extracomment>Top bar button that opens the outbox; %n is how many posts wait in it.</extracomment>
        <translation>
            <numerusform>Outbox (%n)</numerusform>
            <numerusform>Outbox (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Notifications (%n)</source>
        <extracomment>Top bar button that opens the notifications; %n is how many are unread.</extracomment>
        <translation>
            <numerusform>Notifications (%n)</numerusform>
            <numerusform>Notifications (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Notifications, %n unread</source>
        <extracomment>Screen-reader name of the notifications button; %n is the unread count.</extracomment>
        <translation>
            <numerusform>Notifications, %n unread</numerusform>
            <numerusform>Notifications, %n unread</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) signed out: %1</source>
        <extracomment>Top bar: accounts whose sign-in was lost; %n how many, %1 their handles.</extracomment>
        <translation>
            <numerusform>%n account signed out: %1</numerusform>
            <numerusform>%n accounts signed out: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No answer came within %n second(s).</source>
        <extracomment>Added after why opening the accounts failed; %n is the seconds Kizuna waited.</extracomment>
        <translation>
            <numerusform>No answer came within %n second.</numerusform>
            <numerusform>No answer came within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message numerus="yes">
        <source>Notices (%n)</source>
        <extracomment>Status bar button (⚠) opening that list; %n is how many notices there are.</extracomment>
        <translation>
            <numerusform>Notices (%n)</numerusform>
            <numerusform>Notices (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OccasionPicker</name>
    <message numerus="yes">
        <source>%1 · in %n day(s)</source>
        <extracomment>an occasion in the list; %1 its name, %n the days until it (2 or more)</extracomment>
        <translation>
            <numerusform>%1 · in %n day</numerusform>
            <numerusform>%1 · in %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message numerus="yes">
        <source>Unsent posts recovered: %n</source>
        <extracomment>A line of the recovery report; %n is how many unsent posts came back.</extracomment>
        <translation>
            <numerusform>Unsent posts recovered: %n</numerusform>
            <numerusform>Unsent posts recovered: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drafts recovered: %n</source>
        <extracomment>A line of the recovery report; %n is how many drafts came back.</extracomment>
        <translation>
            <numerusform>Drafts recovered: %n</numerusform>
            <numerusform>Drafts recovered: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) came back from the backup. They may have been sent already: check in the Outbox, then retry or discard them.</source>
        <extracomment>Recovery report; %n is how many unsent posts the backup restored.</extracomment>
        <translation>
            <numerusform>%n post came back from the backup. They may have been sent already: check in the Outbox, then retry or discard them.</numerusform>
            <numerusform>%n posts came back from the backup. They may have been sent already: check in the Outbox, then retry or discard them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged part(s) of the file could not be read; what was there is lost.</source>
        <extracomment>Recovery report; %n is how many damaged parts of the database were lost.</extracomment>
        <translation>
            <numerusform>%n damaged part of the file could not be read; what was there is lost.</numerusform>
            <numerusform>%n damaged parts of the file could not be read; what was there is lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyComposer</name>
    <message numerus="yes">
        <source>Only the %n person(s) the post was for — locked</source>
        <extracomment>Reply window, audience: %n is how many people the friends-only post was addressed to.</extracomment>
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
        <extracomment>Button above a column (↑ …) when posts arrived above those in view; %n how many.</extracomment>
        <translation>
            <numerusform>%n new post</numerusform>
            <numerusform>%n new posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message numerus="yes">
        <source>%1 %n image(s).</source>
        <extracomment>Screen reader: %1 what it said of a post (author, time, text), then a sentence saying how many images (%n) the post has.</extracomment>
        <translation>
            <numerusform>%1 %n image.</numerusform>
            <numerusform>%1 %n images.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message numerus="yes">
        <source>%n post(s) waiting, the next at %1</source>
        <extracomment>Tray tooltip and quit question; %n posts in the outbox, %1 date and time of the next.</extracomment>
        <translation>
            <numerusform>%n post waiting, the next at %1</numerusform>
            <numerusform>%n posts waiting, the next at %1</numerusform>
        </translation>
    </message>
</context>
</TS>
