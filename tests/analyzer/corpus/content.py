"""The invented people of the analyzer corpus: what each resume says, before any tool lays it out.

build.py writes each one with a different tool; the truth files are derived from this data,
so a source and its truth never disagree.
"""

from __future__ import annotations

from typing import Any


def job(
    company: str, title: str, start: str, end: str | None, location: str, bullets: list[str]
) -> dict[str, Any]:
    return {
        "company": company,
        "title": title,
        "start": start,
        "end": end,
        "location": location,
        "bullets": bullets,
    }


def school(
    institution: str, degree: str, area: str, start: str | None, end: str, location: str = ""
) -> dict[str, Any]:
    return {
        "institution": institution,
        "degree": degree,
        "area": area,
        "start": start,
        "end": end,
        "location": location,
    }


PEOPLE: list[dict[str, Any]] = [
    {
        "id": "latex_onecol_nurse",
        "tool": "pdflatex article, one column",
        "name": "Maribel Okonkwo-Reyes",
        "label": "Registered Nurse",
        "email": "maribel.reyes@mailbox.example",
        "phone": "(614) 555-0142",
        "links": ["linkedin.com/in/maribel-reyes-rn"],
        "location": "Columbus, OH",
        "summary": "Registered nurse with seven years in emergency and cardiac step-down care, "
        "known for calm triage and patient teaching that sticks.",
        "work": [
            job(
                "Riverside Methodist Hospital",
                "Charge Nurse, Emergency Department",
                "2020-03",
                None,
                "Columbus, OH",
                [
                    "Coordinated a team of 14 nurses across 38 beds during night shifts",
                    "Cut average door-to-triage time from 19 to 11 minutes by redesigning the "
                    "intake huddle",
                    "Trained 22 new graduate nurses on sepsis screening and escalation",
                ],
            ),
            job(
                "Mount Carmel East",
                "Registered Nurse, Cardiac Step-Down",
                "2017-06",
                "2020-02",
                "Columbus, OH",
                [
                    "Monitored telemetry for up to 5 post-operative cardiac patients per shift",
                    "Wrote discharge teaching sheets adopted by the whole unit, lowering 30-day "
                    "readmissions by 8%",
                    "Served on the falls-prevention committee that reduced unit falls by a third",
                ],
            ),
        ],
        "education": [
            school(
                "The Ohio State University",
                "Bachelor of Science",
                "Nursing",
                "2013-08",
                "2017-05",
                "Columbus, OH",
            )
        ],
        "skills": [
            "Triage",
            "ACLS",
            "PALS",
            "Epic",
            "Telemetry",
            "Patient education",
            "Wound care",
        ],
        "headings": ["Summary", "Experience", "Education", "Skills"],
    },
    {
        "id": "latex_twocol_analyst",
        "tool": "pdflatex, two columns with a sidebar",
        "name": "Tomasz Lindqvist",
        "label": "Data Analyst",
        "email": "tomasz.lindqvist@example.net",
        "phone": "+44 20 7946 0321",
        "links": ["github.com/tlindqvist", "tlindqvist.dev"],
        "location": "Leeds, UK",
        "summary": "",
        "work": [
            job(
                "Harrowgate Building Society",
                "Senior Data Analyst",
                "2021-01",
                None,
                "Leeds, UK",
                [
                    "Built a mortgage arrears dashboard in Power BI used by 40 branch managers",
                    "Automated the monthly regulatory return, saving 3 analyst days each month",
                    "Flagged a pricing error worth £210k through a reconciliation check in SQL",
                ],
            ),
            job(
                "Northern Rail Freight",
                "Data Analyst",
                "2018-09",
                "2020-12",
                "York, UK",
                [
                    "Modelled wagon utilisation across 12 depots with Python and pandas",
                    "Reduced empty running miles by 6% by re-sequencing weekend departures",
                ],
            ),
            job(
                "University of Leeds",
                "Research Assistant",
                "2017-07",
                "2018-08",
                "Leeds, UK",
                [
                    "Cleaned and linked 1.4 million census records for a migration study",
                ],
            ),
        ],
        "education": [
            school("University of Leeds", "MSc", "Statistics", "2016-09", "2017-09"),
            school("University of Gdansk", "BSc", "Mathematics", "2013-10", "2016-06"),
        ],
        "skills": ["SQL", "Python", "pandas", "Power BI", "Excel", "R", "Forecasting"],
        "headings": ["Contact", "Skills", "Education", "Experience"],
    },
    {
        "id": "moderncv_teacher",
        "tool": "pdflatex moderncv (dates in the left margin)",
        "name": "Aoife Brennan",
        "label": "Secondary School Mathematics Teacher",
        "email": "aoife.brennan@schoolmail.example",
        "phone": "+353 87 555 0199",
        "links": ["linkedin.com/in/aoifebrennan"],
        "location": "",
        "summary": "",
        "work": [
            job(
                "St. Declan's Community College",
                "Mathematics Teacher",
                "2019-09",
                None,
                "Cork",
                [
                    "Taught Leaving Certificate higher-level mathematics to 4 classes a year",
                    "Raised the share of higher-level passes from 71% to 86% over three years",
                    "Started a lunchtime maths clinic attended by 60 students a week",
                ],
            ),
            job(
                "Coláiste Bríde",
                "Substitute Teacher",
                "2017-01",
                "2019-06",
                "Clondalkin",
                [
                    "Covered mathematics and physics classes for first to sixth years",
                    "Designed revision booklets later used across the department",
                ],
            ),
        ],
        "education": [
            school(
                "University College Cork",
                "Professional Master of Education",
                "Mathematics",
                "2015-09",
                "2017-06",
            ),
            school(
                "University College Cork",
                "Bachelor of Science",
                "Mathematical Sciences",
                "2012-09",
                "2015-06",
            ),
        ],
        "skills": [
            "Curriculum design",
            "Differentiated instruction",
            "GeoGebra",
            "Classroom management",
            "Irish",
        ],
        "headings": ["Experience", "Education", "Skills"],
    },
    {
        "id": "typst_chef",
        "tool": "typst (markup written by hand)",
        "name": "Giancarlo Abate",
        "label": "Executive Chef",
        "email": "chef.abate@example.org",
        "phone": "(503) 555-0178",
        "links": ["giancarloabate.com"],
        "location": "Portland, OR",
        "summary": "Chef who runs profitable kitchens: seasonal menus, tight food costs and "
        "crews that stay.",
        "work": [
            job(
                "Lupa Trattoria",
                "Executive Chef",
                "2019-04",
                None,
                "Portland, OR",
                [
                    "Rewrote the menu around Oregon growers; covers rose from 140 to 210 a night",
                    "Brought food cost down from 34% to 28% with whole-animal butchery",
                    "Hired and trained a brigade of 11 cooks with under 10% yearly turnover",
                ],
            ),
            job(
                "The Heathman Hotel",
                "Sous Chef",
                "2015-02",
                "2019-03",
                "Portland, OR",
                [
                    "Ran banquet production for events of up to 400 guests",
                    "Kept the kitchen at a 100% score across 8 county health inspections",
                ],
            ),
        ],
        "education": [
            school(
                "Culinary Institute of America",
                "Associate in Occupational Studies",
                "Culinary Arts",
                "2011-08",
                "2013-05",
                "Hyde Park, NY",
            )
        ],
        "skills": [
            "Menu costing",
            "Butchery",
            "Pastry",
            "ServSafe Manager",
            "Inventory",
            "Team leadership",
        ],
        "headings": ["Profile", "Experience", "Education", "Skills"],
    },
    {
        "id": "word_styles_marketing",
        "tool": "python-docx with Word styles",
        "name": "Priyanka Desai",
        "label": "Marketing Manager",
        "email": "priyanka.desai@example.com",
        "phone": "415-555-0163",
        "links": ["linkedin.com/in/priyankadesai"],
        "location": "San Francisco, CA",
        "summary": "B2B marketer who ties campaigns to pipeline, from positioning to paid search.",
        "work": [
            job(
                "Fernhill Software",
                "Marketing Manager",
                "2021-05",
                None,
                "San Francisco, CA",
                [
                    "Launched an account-based program that sourced $3.2M in pipeline in its first "
                    "year",
                    "Cut cost per lead by 27% by moving budget from display to search",
                    "Managed a team of 3 and a yearly budget of $900K",
                ],
            ),
            job(
                "Brightwave Media",
                "Marketing Specialist",
                "2018-01",
                "2021-04",
                "Oakland, CA",
                [
                    "Ran 40 webinars that added 6,500 contacts to the newsletter",
                    "Rebuilt the email nurture flow in HubSpot, doubling demo requests",
                ],
            ),
        ],
        "education": [
            school(
                "University of California, Davis",
                "Bachelor of Arts",
                "Communication",
                "2013-09",
                "2017-06",
            )
        ],
        "skills": [
            "HubSpot",
            "Salesforce",
            "Google Ads",
            "SEO",
            "Copywriting",
            "Marketing analytics",
        ],
        "headings": ["Summary", "Professional Experience", "Education", "Skills"],
    },
    {
        "id": "word_tables_accountant",
        "tool": "python-docx with a table layout",
        "name": "Henrik Sørensen",
        "label": "Senior Accountant",
        "email": "henrik.sorensen@example.dk",
        "phone": "+45 31 55 01 22",
        "links": ["linkedin.com/in/henriksorensen"],
        "location": "Aarhus, Denmark",
        "summary": "",
        "work": [
            job(
                "Vestas Logistics A/S",
                "Senior Accountant",
                "2020-02",
                None,
                "Aarhus",
                [
                    "Closed the monthly books for 3 subsidiaries in 5 working days instead of 9",
                    "Led the move from Navision to SAP S/4HANA for the finance team",
                    "Prepared audit files with no material findings for 4 years in a row",
                ],
            ),
            job(
                "Deloitte",
                "Audit Associate",
                "2016-09",
                "2020-01",
                "Copenhagen",
                [
                    "Audited manufacturing and retail clients with revenue up to DKK 2 billion",
                    "Coached 6 first-year associates on testing revenue and inventory",
                ],
            ),
        ],
        "education": [
            school(
                "Aarhus University",
                "Master of Science",
                "Accounting and Auditing",
                "2014-09",
                "2016-06",
            )
        ],
        "skills": ["IFRS", "SAP", "Consolidation", "Excel", "VAT", "Danish", "English"],
        "headings": ["Work Experience", "Education", "Skills"],
    },
    {
        "id": "libreoffice_warehouse",
        "tool": "LibreOffice Writer, exported to PDF",
        "name": "Darnell Whitfield",
        "label": "Warehouse Operations Supervisor",
        "email": "d.whitfield@example.com",
        "phone": "(901) 555-0110",
        "links": [],
        "location": "Memphis, TN",
        "summary": "Operations supervisor who keeps freight moving safely on tight schedules.",
        "work": [
            job(
                "Crescent Distribution Center",
                "Operations Supervisor",
                "2019-08",
                None,
                "Memphis, TN",
                [
                    "Supervised 45 associates across receiving, picking and shipping on second "
                    "shift",
                    "Raised pick accuracy from 97.1% to 99.6% with a scan-to-confirm routine",
                    "Ran weekly forklift safety walks; recordable injuries fell to zero in 2022",
                ],
            ),
            job(
                "Delta Freight Lines",
                "Lead Forklift Operator",
                "2014-05",
                "2019-07",
                "Olive Branch, MS",
                [
                    "Loaded an average of 28 trailers a shift with no damage claims",
                    "Trained 15 new operators for OSHA forklift certification",
                ],
            ),
        ],
        "education": [
            school(
                "Southwest Tennessee Community College",
                "Associate of Applied Science",
                "Logistics",
                "2012-08",
                "2014-05",
            )
        ],
        "skills": ["Forklift", "WMS", "OSHA 10", "Inventory control", "Scheduling", "Lean"],
        "headings": ["Summary", "Experience", "Education", "Skills"],
    },
    {
        "id": "plaintext_engineer",
        "tool": "plain text printed to PDF (enscript, ps2pdf)",
        "name": "Keiko Yamamoto",
        "label": "Civil Engineer",
        "email": "keiko.yamamoto@example.jp",
        "phone": "+1 206 555 0147",
        "links": ["linkedin.com/in/keikoyamamoto-pe"],
        "location": "Seattle, WA",
        "summary": "",
        "work": [
            job(
                "Cascadia Structural Group",
                "Project Engineer",
                "2020-06",
                None,
                "Seattle, WA",
                [
                    "Designed foundations for 3 mid-rise residential buildings",
                    "Checked 120 shop drawings a month against the structural model",
                    "Saved $85,000 on a parking garage by switching to post-tensioned slabs",
                ],
            ),
            job(
                "King County Roads",
                "Engineering Intern",
                "2019-06",
                "2019-09",
                "Seattle, WA",
                [
                    "Surveyed 14 culverts and logged their condition for the repair plan",
                ],
            ),
        ],
        "education": [
            school(
                "University of Washington",
                "Master of Science",
                "Civil Engineering",
                "2018-09",
                "2020-06",
            ),
            school(
                "Oregon State University",
                "Bachelor of Science",
                "Civil Engineering",
                "2014-09",
                "2018-06",
            ),
        ],
        "skills": ["AutoCAD", "Revit", "ETABS", "SAP2000", "Concrete design", "EIT"],
        "headings": ["Experience", "Education", "Skills"],
    },
    {
        "id": "word_header_designer",
        "tool": "python-docx, contact in the page header and a text box",
        "name": "Lucía Fernández",
        "label": "Graphic Designer",
        "email": "lucia@fernandez-studio.example",
        "phone": "+34 612 555 014",
        "links": ["behance.net/luciafernandez"],
        "location": "Madrid, Spain",
        "summary": "Brand designer for cultural institutions and small businesses.",
        "work": [
            job(
                "Estudio Tramo",
                "Senior Graphic Designer",
                "2020-01",
                None,
                "Madrid",
                [
                    "Led the rebrand of a regional museum network with 9 venues",
                    "Designed 30 exhibition catalogues, each delivered to the printer on time",
                ],
            ),
            job(
                "Editorial Cuatro Vientos",
                "Junior Designer",
                "2017-03",
                "2019-12",
                "Madrid",
                [
                    "Laid out 50 book covers and the 2019 spring catalogue",
                    "Prepared print files in InDesign for offset and digital presses",
                ],
            ),
        ],
        "education": [
            school(
                "Universidad Complutense de Madrid",
                "Bachelor of Fine Arts",
                "Design",
                "2012-09",
                "2016-06",
            )
        ],
        "skills": [
            "InDesign",
            "Illustrator",
            "Photoshop",
            "Figma",
            "Typography",
            "Print production",
        ],
        "headings": ["Profile", "Experience", "Education", "Skills"],
    },
    {
        "id": "latex_twopage_engineer",
        "tool": "pdflatex article, two pages, drawn bullets",
        "name": "Oluwaseun Adebayo",
        "label": "Staff Software Engineer",
        "email": "seun.adebayo@example.io",
        "phone": "+1 (512) 555-0136",
        "links": ["github.com/seunadebayo", "linkedin.com/in/seun-adebayo"],
        "location": "Austin, TX",
        "summary": "Backend engineer who has spent ten years on payments, search and the "
        "reliability work that keeps them up. Comfortable owning a system end to "
        "end, from the design review to the on-call rotation.",
        "work": [
            job(
                "Lonestar Payments",
                "Staff Software Engineer",
                "2021-08",
                None,
                "Austin, TX",
                [
                    "Designed the ledger service that settles $1.8B a month across 14 currencies",
                    "Led a reliability program that took checkout availability from 99.9% to "
                    "99.99%",
                    "Mentored 9 engineers, 4 of whom were promoted to senior",
                    "Cut cloud spend by $640K a year by right-sizing Kubernetes workloads",
                ],
            ),
            job(
                "Quarry Search",
                "Senior Software Engineer",
                "2018-02",
                "2021-07",
                "Austin, TX",
                [
                    "Rebuilt the indexing pipeline in Go, lowering index lag from 6 hours to 15 "
                    "minutes",
                    "Introduced load testing in CI, catching 12 regressions before release",
                    "Wrote the query-understanding service that serves 3,000 requests per second",
                ],
            ),
            job(
                "Fieldnote Labs",
                "Software Engineer",
                "2015-06",
                "2018-01",
                "Houston, TX",
                [
                    "Shipped the offline sync engine for a field-inspection app used by 200 crews",
                    "Moved the team from manual deploys to a CI pipeline with 20-minute releases",
                    "Built customer-facing reporting in PostgreSQL and React",
                ],
            ),
            job(
                "Texas Advanced Computing Center",
                "Student Developer",
                "2013-09",
                "2015-05",
                "Austin, TX",
                [
                    "Wrote job-monitoring scripts in Python for a 6,000-node cluster",
                    "Documented the scheduler's fair-share policy for new users",
                ],
            ),
        ],
        "education": [
            school(
                "The University of Texas at Austin",
                "Bachelor of Science",
                "Computer Science",
                "2011-08",
                "2015-05",
                "Austin, TX",
            )
        ],
        "skills": [
            "Go",
            "Python",
            "Java",
            "PostgreSQL",
            "Kafka",
            "Kubernetes",
            "AWS",
            "Terraform",
            "gRPC",
            "React",
            "Distributed systems",
            "Incident response",
        ],
        "headings": ["Summary", "Experience", "Education", "Skills", "Projects"],
        "projects": [
            ("ledgerlint", "A linter for double-entry ledger schemas, 400 stars on GitHub"),
            ("tinyqueue", "A PostgreSQL-backed job queue written for teaching"),
        ],
    },
]

PEOPLE.append(
    {
        "id": "libreoffice_tables_paralegal",
        "tool": "python-docx table layout, exported to PDF by LibreOffice",
        "name": "Simone Achterberg",
        "label": "",
        "email": "simone.achterberg@example.com",
        "phone": "+1 312 555 0184",
        "links": [],
        "location": "Chicago, IL",
        "summary": "",
        "work": [
            job(
                "Hollis & Marsh LLP",
                "Senior Paralegal",
                "2019-10",
                None,
                "Chicago, IL",
                [
                    "Managed discovery for 12 commercial litigation matters at once",
                    "Built a document review workflow in Relativity that cut review time by 35%",
                    "Drafted subpoenas, deposition outlines and trial binders for 4 partners",
                ],
            ),
            job(
                "Cook County Legal Aid",
                "Paralegal",
                "2016-05",
                "2019-09",
                "Chicago, IL",
                [
                    "Prepared eviction defense filings for more than 300 tenants",
                    "Interviewed clients in English and Dutch and kept case files current",
                ],
            ),
        ],
        "education": [
            school(
                "Loyola University Chicago",
                "Bachelor of Arts",
                "Political Science",
                "2012-09",
                "2016-05",
                "Chicago, IL",
            )
        ],
        "skills": ["Relativity", "Westlaw", "E-discovery", "Legal research", "Case management"],
        "headings": ["Experience", "Education", "Skills"],
    }
)
