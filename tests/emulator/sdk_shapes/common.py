"""Common, Company, Data Delivery Service and Platform Services function shapes
(PHP SDK: 34 + 31 + 4 + 2)."""

from __future__ import annotations

from .base import NOT_MODELLED, Shape


def _query(select: str, obj: str, rest: str = "") -> str:
    return f"<query><select>{select}</select><object>{obj}</object>{rest}</query>"


def _f(*names: str) -> str:
    return "".join(f"<field>{n}</field>" for n in names)


def _eq(field: str, value: str, op: str = "equalto") -> str:
    return f"<{op}><field>{field}</field><value>{value}</value></{op}>"


_BATCH = _f("BATCHNO", "RECORDNO", "STATE")
_REPORT = "<readReport><report>Project cost by task</report>{rest}</readReport>"
_USER = (
    "<LOGINID>{login}</LOGINID><USERTYPE>business user</USERTYPE><CONTACTINFO><LASTNAME>Park</LASTNAME><FIRSTNAME>Grace</FIRSTNAME>"
    "<EMAIL1>grace.park@example.com</EMAIL1></CONTACTINFO>"
)
_SCOPE = (
    "<USERLOCATIONS><LOCATIONID>US</LOCATIONID></USERLOCATIONS><USERLOCATIONS><LOCATIONID>CA</LOCATIONID></USERLOCATIONS>"
    "<USERDEPARTMENTS><DEPARTMENTID>ENG</DEPARTMENTID></USERDEPARTMENTS><USERDEPARTMENTS><DEPARTMENTID>CON</DEPARTMENTID></USERDEPARTMENTS>"
)

COMMON = [
    Shape("php:Common/GetList/GetList", '<get_list object="smarteventlog" showprivate="false" />'),
    Shape(
        "php:Common/GetList/GetList",
        '<get_list object="smarteventlog" showprivate="false"><filter><expression><field>objectkey</field><operator>=</operator><value>1234</value></expression></filter></get_list>',
    ),
    Shape(
        "php:Common/GetList/GetList",
        '<get_list object="smarteventlog" showprivate="false"><filter><logical logical_operator="or"><expression><field>objectkey</field>'
        "<operator>=</operator><value>1234</value></expression><expression><field>eventtype</field><operator>=</operator><value>add</value>"
        "</expression></logical></filter></get_list>",
    ),
    Shape("php:Common/Inspect", '<inspect detail="0"><object>APBILL</object></inspect>'),
    Shape("php:Common/Inspect", '<inspect detail="1"><object>APBILL</object></inspect>'),
    Shape("php:Common/Lookup", "<lookup><object>PODOCUMENT</object></lookup>"),
    Shape("php:Common/NewQuery/Query", _query(_f("CUSTOMERID"), "CUSTOMER")),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _f("CUSTOMERID", "RECORDNO"),
            "CUSTOMER",
            "<docparid>REPORT</docparid><options><caseinsensitive>true</caseinsensitive><showprivate>true</showprivate></options>"
            "<pagesize>10</pagesize><offset>1</offset>",
        ),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(_f("CUSTOMERID", "TOTALDUE", "WHENDUE", "TOTALENTERED", "TOTALDUE", "RECORDNO"), "ARINVOICE"),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            "<field>CUSTOMERID</field><avg>TOTALDUE</avg><min>WHENDUE</min><max>TOTALENTERED</max><sum>TOTALDUE</sum><count>RECORDNO</count>",
            "ARINVOICE",
        ),
        setup=("invoice",),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _f("CUSTOMERID", "RECORDNO"),
            "ARINVOICE",
            "<orderby><order><field>TOTALDUE</field><ascending/></order><order><field>RECORDNO</field><descending/></order></orderby>",
        ),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _f("CUSTOMERID", "RECORDNO"),
            "ARINVOICE",
            f"<filter>{_eq('RECORDNO', '2000', 'lessthanorequalto')}</filter>",
        ),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _f("CUSTOMERID", "RECORDNO"),
            "ARINVOICE",
            f"<filter><and>{_eq('RECORDNO', '1', 'greaterthanorequalto')}{_eq('RECORDNO', '9999', 'lessthanorequalto')}</and></filter>",
        ),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _f("CUSTOMERID", "RECORDNO"),
            "ARINVOICE",
            f"<filter><or>{_eq('RECORDNO', '10', 'lessthanorequalto')}{_eq('RECORDNO', '100')}{_eq('RECORDNO', '1000')}{_eq('RECORDNO', '10000')}</or></filter>",
        ),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _BATCH,
            "GLBATCH",
            f"<filter><or>{_eq('JOURNAL', 'APJ')}<and>{_eq('BATCHNO', '1', 'greaterthanorequalto')}{_eq('STATE', 'Posted')}</and></or></filter>",
        ),
        setup=("glbatch",),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _BATCH,
            "GLBATCH",
            f"<filter><or>{_eq('JOURNAL', 'ADJ')}<and>{_eq('RECORDNO', '1', 'greaterthanorequalto')}{_eq('STATE', 'Draft')}</and></or></filter>",
        ),
    ),
    Shape(
        "php:Common/NewQuery/Query",
        _query(
            _BATCH,
            "GLBATCH",
            f"<filter><or><and>{_eq('JOURNAL', 'APJ')}{_eq('STATE', 'Posted')}</and><and>{_eq('JOURNAL', 'GJ')}{_eq('STATE', 'Posted')}"
            f"<or>{_eq('RECORDNO', '168')}{_eq('RECORDNO', '132')}</or></and></or></filter>",
        ),
    ),
    Shape(
        "php:Common/ReadByName",
        "<readByName><object>GLACCOUNT</object><keys></keys><fields>*</fields><returnFormat>xml</returnFormat></readByName>",
    ),
    Shape(
        "php:Common/ReadByName",
        "<readByName><object>GLACCOUNT</object><keys>1000,1010</keys><fields>ACCOUNTNO,TITLE,RECORDNO</fields><returnFormat>xml</returnFormat><docparid>Sales Invoice</docparid></readByName>",
    ),
    Shape(
        "php:Common/ReadByQuery",
        "<readByQuery><object>CLASS</object><query>RECORDNO &lt; 2000</query><fields>*</fields><pagesize>1000</pagesize><returnFormat>xml</returnFormat></readByQuery>",
    ),
    Shape(
        "php:Common/ReadByQuery",
        "<readByQuery><object>CLASS</object><query/><fields>RECORDNO</fields><pagesize>100</pagesize><returnFormat>xml</returnFormat><docparid>255252235</docparid></readByQuery>",
    ),
    Shape("php:Common/ReadMore", "<readMore><resultId>{resultid}</resultId></readMore>", setup=("resultid",)),
    Shape(
        "php:Common/ReadRelated",
        "<readRelated><object>PROJECT</object><relation>TASK</relation><keys/><fields>*</fields><returnFormat>xml</returnFormat></readRelated>",
        "PL01000127",
    ),
    Shape(
        "php:Common/ReadRelated",
        "<readRelated><object>PROJECT</object><relation>TASK</relation><keys>P-100,P-110</keys><fields>TASKID,NAME</fields><returnFormat>xml</returnFormat></readRelated>",
    ),
    Shape(
        "php:Common/ReadReport",
        _REPORT.replace(
            "{rest}", "<waitTime>0</waitTime><pagesize>1000</pagesize><returnFormat>xml</returnFormat>"
        ),
        NOT_MODELLED,
    ),
    Shape(
        "php:Common/ReadReport",
        _REPORT.replace(
            "{rest}",
            "<waitTime>15</waitTime><pagesize>200</pagesize><returnFormat>xml</returnFormat><listSeparator>,</listSeparator>",
        ),
        NOT_MODELLED,
    ),
    Shape(
        "php:Common/ReadReport",
        '<readReport returnDef="true"><report>Project cost by task</report></readReport>',
        NOT_MODELLED,
    ),
    Shape(
        "php:Common/ReadReport",
        _REPORT.replace(
            "{rest}",
            "<arguments><GLENTRY.ENTRY_DATE><FROM_DATE>1/1/2026</FROM_DATE><TO_DATE>12/31/2026</TO_DATE></GLENTRY.ENTRY_DATE></arguments><waitTime>0</waitTime><pagesize>1000</pagesize><returnFormat>xml</returnFormat>",
        ),
        NOT_MODELLED,
    ),
    Shape(
        "php:Common/ReadReport",
        _REPORT.replace(
            "{rest}",
            "<arguments><REPORTINGPERIOD>Current Year</REPORTINGPERIOD></arguments><waitTime>0</waitTime><pagesize>1000</pagesize><returnFormat>xml</returnFormat>",
        ),
        NOT_MODELLED,
    ),
    Shape(
        "php:Common/Read",
        "<read><object>CLASS</object><keys></keys><fields>*</fields><returnFormat>xml</returnFormat></read>",
    ),
    Shape(
        "php:Common/Read",
        "<read><object>CLASS</object><keys>Key1,Key2</keys><fields>CLASSID,NAME</fields><returnFormat>xml</returnFormat><docparid>Sales Invoice</docparid></read>",
    ),
    Shape(
        "php:Common/Read",
        "<read><object>CLASS</object><keys>5,6</keys><fields>*</fields><returnFormat>xml</returnFormat></read>",
    ),
    Shape(
        "php:Common/ReadView",
        "<readView><view>Open purchase orders</view><pagesize>1000</pagesize><returnFormat>xml</returnFormat></readView>",
        NOT_MODELLED,
    ),
    Shape(
        "php:Common/ReadView",
        "<readView><view>Open purchase orders</view><pagesize>10</pagesize><returnFormat>xml</returnFormat></readView>",
        NOT_MODELLED,
    ),
]

COMPANY = [
    Shape(
        "php:Company/AllocationCreate",
        "<create><ALLOCATION><ALLOCATIONID>SPLIT60-40</ALLOCATIONID><TYPE>Percentage</TYPE></ALLOCATION></create>",
    ),
    Shape("php:Company/AllocationDelete", '<delete_allocation key="SPLIT-OLD" />', setup=("allocation",)),
    Shape(
        "php:Company/AllocationUpdate",
        "<update><ALLOCATION><ALLOCATIONID>SPLIT-OLD</ALLOCATIONID></ALLOCATION></update>",
        setup=("allocation",),
    ),
    Shape("php:Company/ApiSessionCreate", "<getAPISession/>"),
    Shape("php:Company/ApiSessionCreate", "<getAPISession><locationid>UK</locationid></getAPISession>"),
    Shape("php:Company/ApiSessionCreate", "<getAPISession><locationid/></getAPISession>"),
    Shape(
        "php:Company/AttachmentsCreate",
        "<create_supdoc><supdocid>SUP-NEW</supdocid><supdocname>Permit scans</supdocname><supdocfoldername>Site documents</supdocfoldername></create_supdoc>",
        setup=("folder",),
    ),
    Shape("php:Company/AttachmentsDelete", '<delete_supdoc key="SUP-SITE-1" />', setup=("folder", "supdoc")),
    Shape(
        "php:Company/AttachmentsFolderCreate",
        "<create_supdocfolder><supdocfoldername>Contracts</supdocfoldername></create_supdocfolder>",
    ),
    Shape(
        "php:Company/AttachmentsFolderDelete",
        '<delete_supdocfolder key="Site documents" />',
        setup=("folder",),
    ),
    Shape(
        "php:Company/AttachmentsFolderUpdate",
        "<update_supdocfolder><supdocfoldername>Site documents</supdocfoldername></update_supdocfolder>",
        setup=("folder",),
    ),
    Shape(
        "php:Company/AttachmentsUpdate",
        "<update_supdoc><supdocid>SUP-SITE-1</supdocid></update_supdoc>",
        setup=("folder", "supdoc"),
    ),
    Shape(
        "php:Company/AuditTrailRead",
        "<getObjectTrail><object>GLACCOUNT</object><objectKey>1000</objectKey></getObjectTrail>",
    ),
    Shape(
        "php:Company/ClassCreate",
        "<create><CLASS><CLASSID>C4</CLASSID><NAME>Industrial</NAME></CLASS></create>",
    ),
    Shape("php:Company/ClassDelete", '<delete_class key="C3" />'),
    Shape(
        "php:Company/ClassUpdate",
        "<update><CLASS><CLASSID>C1</CLASSID><NAME>Commercial</NAME></CLASS></update>",
    ),
    Shape("php:Company/CompanyPrefsGet", '<get_companyprefs application="PA" />'),
    Shape(
        "php:Company/ContactCreate",
        "<create><CONTACT><CONTACTNAME>Rita Ortiz</CONTACTNAME><PRINTAS>Rita Ortiz</PRINTAS></CONTACT></create>",
    ),
    Shape("php:Company/ContactDelete", '<delete_contact contactname="Jordan Lee" />', setup=("contact",)),
    Shape(
        "php:Company/ContactUpdate",
        "<update><CONTACT><CONTACTNAME>Jordan Lee</CONTACTNAME></CONTACT></update>",
        setup=("contact",),
    ),
    Shape(
        "php:Company/DepartmentCreate",
        "<create><DEPARTMENT><DEPARTMENTID>QA</DEPARTMENTID><TITLE>Quality Assurance</TITLE></DEPARTMENT></create>",
    ),
    Shape("php:Company/DepartmentDelete", '<delete_department departmentid="HR" />'),
    Shape(
        "php:Company/DepartmentUpdate",
        "<update><DEPARTMENT><DEPARTMENTID>OPS</DEPARTMENTID><TITLE>Operations</TITLE></DEPARTMENT></update>",
    ),
    Shape(
        "php:Company/LocationCreate",
        "<create><LOCATION><LOCATIONID>US-CHI</LOCATIONID><NAME>Chicago Office</NAME><PARENTID>US</PARENTID></LOCATION></create>",
    ),
    Shape("php:Company/LocationDelete", '<delete_location locationid="US-BOS" />', setup=("location",)),
    Shape(
        "php:Company/LocationUpdate",
        "<update><LOCATION><LOCATIONID>US-TX</LOCATIONID><NAME>Houston Office</NAME></LOCATION></update>",
    ),
    Shape(
        "php:Company/UserCreate", f"<create><USERINFO>{_USER.replace('{login}', 'gpark')}</USERINFO></create>"
    ),
    Shape(
        "php:Company/UserCreate",
        f"<create><USERINFO>{_USER.replace('{login}', 'gpark2')}{_SCOPE}</USERINFO></create>",
    ),
    Shape(
        "php:Company/UserPermissionsRead",
        "<getUserPermissions><userId>api_readonly</userId></getUserPermissions>",
    ),
    Shape("php:Company/UserUpdate", "<update><USERINFO><LOGINID>api_readonly</LOGINID></USERINFO></update>"),
    Shape(
        "php:Company/UserUpdate",
        f"<update><USERINFO><LOGINID>api_readonly</LOGINID>{_SCOPE}</USERINFO></update>",
    ),
]

PLATFORM = [
    Shape(
        "php:DataDeliveryService/DdsJobCreate",
        "<runDdsJob><object>GLACCOUNT</object><cloudDelivery>Finance bucket</cloudDelivery><jobType>all</jobType><fileConfiguration/></runDdsJob>",
        NOT_MODELLED,
    ),
    Shape(
        "php:DataDeliveryService/DdsJobCreate",
        "<runDdsJob><object>GLACCOUNT</object><cloudDelivery>Finance bucket</cloudDelivery><jobType>change</jobType><timeStamp>2026-06-01T06:00:00</timeStamp>"
        '<fileConfiguration><delimiter>,</delimiter><enclosure>"</enclosure><includeHeaders>true</includeHeaders><fileFormat>unix</fileFormat>'
        "<splitSize>10000</splitSize><compress>false</compress></fileConfiguration></runDdsJob>",
        NOT_MODELLED,
    ),
    Shape("php:DataDeliveryService/DdsObjectDdlRead", "<getDdsDdl><object>GLACCOUNT</object></getDdsDdl>"),
    Shape("php:DataDeliveryService/DdsObjectRead", "<getDdsObjects/>"),
    Shape("php:PlatformServices/DimensionRelationshipsGet", "<getDimensionRelationships />"),
    Shape("php:PlatformServices/DimensionsGet", "<getDimensions />"),
]
