"""Spoken answers written for the engine's wording tests: none of them is in the dev set.

Each case: (id, role, answer, figures a bullet must carry, names a bullet must carry).
Figures are written as a resume would write them ("40%", "~15%", "$240K"); a case lists only the
facts a reader would call the point of the answer, not every number said.
"""

from __future__ import annotations

CASES: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "teacher-exit-tickets",
        "teacher",
        "Um, so I teach ninth grade algebra, and, like, a lot of my kids were failing the unit "
        "tests, I think it was close to forty percent failing. I started doing these exit tickets "
        "every day, like three quick questions, and I'd regroup kids the next morning based on "
        "that. "
        "By the end of the semester the failure rate was down to, uh, maybe fifteen percent.",
        ["40%", "15%"],
        [],
    ),
    (
        "sales-territory",
        "sales",
        "I was an account exec covering the Southeast. When I took over the territory it was doing "
        "about one point two million a year, and honestly it had been flat for a while. I rebuilt "
        "the pipeline by going after mid-size hospitals, which nobody was really calling on. Two "
        "years later it was at two point one million.",
        ["2.1"],
        ["Southeast"],
    ),
    (
        "support-backlog",
        "customer_support",
        "So our support queue was a mess, we had like a backlog of three hundred tickets at any "
        "given time. I set up triage rules in Zendesk and wrote, I want to say, forty macros. The "
        "backlog went down to under fifty within a month, and CSAT went from eighty-two to "
        "ninety-one percent.",
        ["300", "50", "91%"],
        ["Zendesk"],
    ),
    (
        "ops-pick-accuracy",
        "operations",
        "I run the warehouse on second shift, it's twenty-two people. Our pick accuracy was kind "
        "of "
        "bad, I guess around ninety-four percent. We started using barcode scanners at the pack "
        "station and I retrained everyone on it, and now we're at ninety-nine point five percent.",
        ["99.5%"],
        [],
    ),
    (
        "designer-settings",
        "designer",
        "I redesigned the settings page for our SaaS product. Before, people had to click through "
        "like five screens to change their billing info. I cut that down to one screen. Support "
        "tickets about billing dropped by I'd say a third.",
        ["5"],
        [],
    ),
    (
        "marketing-email",
        "marketing",
        "I ran our email program. Open rates were sitting around eighteen percent, which is, you "
        "know, not great. I segmented the list by purchase history and rewrote all the subject "
        "lines, we A/B tested everything. Open rates went up to twenty-seven percent and "
        "click-through basically doubled.",
        ["27%"],
        [],
    ),
    (
        "research-pipeline",
        "researcher",
        "In my postdoc I was studying protein folding, and I built a pipeline in Python to process "
        "the microscopy images, which used to take, like, two weeks by hand. The pipeline did it "
        "in "
        "about four hours. We ended up publishing it in Nature Methods, and I think three other "
        "labs "
        "use it now.",
        ["4 hours"],
        ["Python", "Nature Methods"],
    ),
    (
        "accountant-close",
        "accountant",
        "I'm a senior accountant. Month-end close used to take us ten business days. I mapped out "
        "every step, and we moved the reconciliations into BlackLine, and I pretty much rewrote "
        "the "
        "accrual process. Now we close in six days. It saved the team, I don't know, maybe sixty "
        "hours a month.",
        ["6", "60"],
        ["BlackLine"],
    ),
    (
        "engineer-flaky-ci",
        "software_engineer",
        "We had this flaky CI, builds failed maybe one out of five times for no reason. I spent a "
        "couple of weeks tracking it down, turned out to be race conditions in our integration "
        "tests. I fixed most of them and added retries for the network stuff, and the flake rate "
        "went to under two percent.",
        ["2%"],
        [],
    ),
    (
        "pm-onboarding",
        "product_manager",
        "I was the product manager for the mobile app's onboarding. We saw that, uh, like sixty "
        "percent of people dropped off before finishing signup. I worked with design and "
        "engineering to cut the steps from seven to three. Completion went up to around seventy "
        "percent, sorry, seventy-five percent.",
        ["60%", "75%"],
        [],
    ),
    (
        "nurse-clabsi",
        "nurse",
        "I'm an ICU nurse. We had a problem with central line infections, we had like four in one "
        "quarter, which is a lot for our unit. I led a project with the infection prevention team "
        "to bring in a new dressing change checklist and do audits. We went eleven months with "
        "zero "
        "infections after that.",
        ["11 months"],
        [],
    ),
    (
        "crm-helped-out",
        "operations",
        "Honestly I mostly just helped out with the migration to the new CRM. I kind of handled "
        "the "
        "data cleanup part and I trained, I guess, the whole sales team on it. I don't remember "
        "how "
        "long it took.",
        [],
        ["CRM"],
    ),
    (
        "teacher-peer-tutoring",
        "teacher",
        "Our school didn't have any kind of tutoring program. Me and another teacher started a "
        "peer "
        "tutoring thing during lunch, we recruited twenty older students as tutors. By spring we "
        "had "
        "about sixty kids coming every week, and their grades in math went up, I don't know by how "
        "much exactly.",
        ["20", "60"],
        [],
    ),
    (
        "support-handle-time",
        "customer_support",
        "I managed a team of twelve support agents. Our average handle time was like nine minutes, "
        "and I brought it down to six minutes by building a knowledge base in Confluence and doing "
        "weekly coaching sessions.",
        ["12", "6 minutes"],
        ["Confluence"],
    ),
    (
        "ops-packaging",
        "operations",
        "At FreshCart I renegotiated our packaging contracts. We were paying about forty cents a "
        "box "
        "and I got it down to twenty-eight cents, which on two million boxes a year is, what, two "
        "hundred forty thousand dollars saved.",
        ["28", "$240K"],
        ["FreshCart"],
    ),
    (
        "marketing-trial",
        "marketing",
        "Our trial to paid conversion was four percent. I launched a lifecycle email series in "
        "Customer.io and reworked the pricing page copy, and it went up two points, so six "
        "percent, "
        "over the next quarter.",
        ["6%"],
        ["Customer.io"],
    ),
    (
        "engineer-rust-index",
        "software_engineer",
        "I rewrote our search indexing job in Rust. It used to take about six hours every night "
        "and "
        "it would sometimes not finish before the morning. After the rewrite it runs in forty "
        "minutes.",
        ["40"],
        ["Rust"],
    ),
    (
        "accountant-duplicates",
        "accountant",
        "I found a duplicate vendor payment issue during an audit, we'd been paying some vendors "
        "twice, and it added up to about eighty-five thousand dollars over the year. I recovered "
        "most of it, like seventy thousand, and set up a control in SAP so it can't happen again.",
        ["$85K", "70"],
        ["SAP"],
    ),
    (
        "designer-system",
        "designer",
        "I built our design system from scratch, basically. There wasn't anything, every team had "
        "their own buttons and colors. I made a component library in Figma and worked with the "
        "front-end team to build it in React. Now all four product teams use it.",
        ["4"],
        ["Figma", "React"],
    ),
    (
        "research-survey",
        "researcher",
        "I ran a survey study on remote work and burnout with, um, twelve hundred, no, sorry, "
        "fourteen hundred participants. I did the analysis in R, mixed effects models mostly. The "
        "paper got accepted at CHI.",
        ["1400"],
        ["CHI"],
    ),
    (
        "sales-sdr",
        "sales",
        "I was an SDR at Loopwise. I booked, I think, about forty meetings a month when the team "
        "average was twenty-five, and I was the top SDR for three quarters in a row. Then I got "
        "promoted to AE.",
        ["40"],
        ["Loopwise"],
    ),
    (
        "pm-pricing-vague",
        "product_manager",
        "I led the redesign of our pricing page with the growth team. Signups went up, I don't "
        "remember exactly how much, maybe it was significant. We also reduced the number of "
        "support "
        "questions about plans.",
        [],
        [],
    ),
    (
        "nurse-insulin",
        "nurse",
        "I noticed new grads on our floor were really struggling with, like, insulin drips. So I "
        "put "
        "together a short training with simulation scenarios and ran it for, I think, fifteen new "
        "nurses. Medication errors on insulin went down from about five a month to one or two.",
        ["15", "5"],
        [],
    ),
    (
        "ops-routes",
        "operations",
        "Our delivery routes were planned by hand every morning. It took the dispatcher about two "
        "hours a day. I set up route optimization with OptimoRoute and now it takes fifteen "
        "minutes, "
        "and on-time deliveries went from eighty-five to ninety-six percent.",
        ["15 minutes", "96%"],
        ["OptimoRoute"],
    ),
    (
        "engineer-pages",
        "software_engineer",
        "We were getting paged at night all the time, like ten pages a week. I went through every "
        "alert with the team, we deleted the noisy ones and wrote runbooks for the rest. Pages "
        "dropped to about two a week.",
        ["10", "2"],
        [],
    ),
    (
        "teacher-esl-vague",
        "teacher",
        "To be fair, it was kind of a team effort, but I redesigned our ESL curriculum so it lines "
        "up with the state standards, and I guess the kids liked it better because attendance "
        "improved.",
        [],
        ["ESL"],
    ),
    (
        "marketing-ads",
        "marketing",
        "I managed our Google Ads budget, around fifty thousand dollars a month. Cost per lead was "
        "about a hundred and twenty dollars. I restructured the campaigns and cut out a bunch of "
        "broad match keywords, and I got cost per lead down to seventy-five dollars in about two "
        "months.",
        ["$75"],
        ["Google Ads"],
    ),
    (
        "support-api-guide",
        "customer_support",
        "I sort of became the go-to person for our API customers. I wrote a troubleshooting guide "
        "for webhooks, and I'd say it cut our escalations to engineering by half.",
        [],
        ["API"],
    ),
    (
        "finance-forecast",
        "accountant",
        "I built a forecasting model in Excel for our cash flow, and, um, our forecast was off by "
        "like twenty percent before. With the new model it was within five percent most months. "
        "The "
        "CFO started using it in board meetings.",
        ["5%"],
        ["Excel"],
    ),
    (
        "data-looker",
        "data_analyst",
        "I moved our reporting from spreadsheets to Looker, so now it's updated every hour instead "
        "of once a week, and the ops managers don't have to ask me for numbers anymore.",
        [],
        ["Looker"],
    ),
    (
        "designer-helped-out",
        "designer",
        "I kind of helped out on the mobile redesign, mostly I figured out the icon set and did "
        "the "
        "handoff to engineering in Zeplin.",
        [],
        ["Zeplin"],
    ),
    (
        "pm-roadmap",
        "product_manager",
        "I guess the biggest thing was I got the three teams to agree on one roadmap. Before that, "
        "everyone was building their own thing. I ran a planning offsite with, like, twenty people "
        "and we came out with a shared Q3 plan.",
        ["20"],
        [],
    ),
]
