"""Drives the lab's CUCM AXL with python3-zeep and Cisco's real AXLAPI.wsdl (15.0).

Usage: zeep_axl.py WSDL URL CA_FILE USERNAME PASSWORD
Calls every operation the lab implements and prints one JSON object: operation -> short result.
Exits 1 (with the failing operation on stderr) when zeep cannot call or parse one.
"""
import json
import sys

import requests
from requests.auth import HTTPBasicAuth
from zeep import Client
from zeep.transports import Transport

BINDING = "{http://www.cisco.com/AXLAPIService/}AXLAPIBinding"


def main() -> None:
    wsdl, url, ca_file, username, password = sys.argv[1:6]
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override verify
    session.verify = ca_file
    session.auth = HTTPBasicAuth(username, password)
    client = Client(wsdl, transport=Transport(session=session))
    axl = client.create_service(BINDING, url)
    out = {}

    def run(name, fn):
        try:
            out[name] = fn()
        except Exception as error:  # report which operation broke, then fail
            print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)

    run("getCCMVersion", lambda: axl.getCCMVersion()["return"]["componentVersion"]["version"])
    run("executeSQLQuery", lambda: len(axl.executeSQLQuery(sql="select first 3 name, pkid from device")["return"]["row"]))
    run("executeSQLUpdate", lambda: axl.executeSQLUpdate(sql="update device set description = 'zeep' where name = 'SEP00A1B2C30002'")["return"]["rowsUpdated"])

    run("addRoutePartition", lambda: axl.addRoutePartition(routePartition={"name": "PT-Zeep", "description": "zeep"})["return"])
    run("getRoutePartition", lambda: axl.getRoutePartition(name="PT-Zeep")["return"]["routePartition"]["description"])
    run("listRoutePartition", lambda: len(axl.listRoutePartition(searchCriteria={"name": "PT-%"}, returnedTags={"name": "", "description": ""})["return"]["routePartition"]))
    run("updateRoutePartition", lambda: axl.updateRoutePartition(name="PT-Zeep", description="changed")["return"])

    run("addCss", lambda: axl.addCss(css={"description": "zeep", "members": {"member": [{"routePartitionName": "PT-Zeep", "index": 1}]}, "name": "CSS-Zeep"})["return"])
    run("getCss", lambda: axl.getCss(name="CSS-Zeep")["return"]["css"]["members"]["member"][0]["routePartitionName"]["_value_1"])
    run("listCss", lambda: len(axl.listCss(searchCriteria={"name": "CSS-%"}, returnedTags={"description": "", "name": ""})["return"]["css"]))
    run("updateCss", lambda: axl.updateCss(name="CSS-Zeep", description="changed")["return"])

    run("addDevicePool", lambda: axl.addDevicePool(devicePool={"name": "DP-Zeep", "dateTimeSettingName": "CMLocal", "callManagerGroupName": "Default", "regionName": "Default", "srstName": "Disable", "aarNeighborhoodName": None})["return"])
    run("getDevicePool", lambda: axl.getDevicePool(name="DP-Zeep")["return"]["devicePool"]["srstName"]["_value_1"])
    run("listDevicePool", lambda: len(axl.listDevicePool(searchCriteria={"name": "%"}, returnedTags={"name": "", "regionName": ""})["return"]["devicePool"]))
    run("updateDevicePool", lambda: axl.updateDevicePool(name="DP-Zeep", srstName="Use Default Gateway")["return"])

    run("addUser", lambda: axl.addUser(user={"firstName": "Zeep", "lastName": "Client", "userid": "zeep", "presenceGroupName": "Standard Presence group"})["return"])
    run("getUser", lambda: axl.getUser(userid="zeep")["return"]["user"]["lastName"])
    run("listUser", lambda: len(axl.listUser(searchCriteria={"userid": "%"}, returnedTags={"userid": "", "lastName": ""})["return"]["user"]))
    run("updateUser", lambda: axl.updateUser(userid="zeep", department="QA")["return"])

    run("addLine", lambda: axl.addLine(line={"pattern": "7777", "usage": "Device", "routePartitionName": "PT-Zeep", "description": "zeep"})["return"])
    run("getLine", lambda: axl.getLine(pattern="7777", routePartitionName="PT-Zeep")["return"]["line"]["description"])
    run("listLine", lambda: len(axl.listLine(searchCriteria={"pattern": "%"}, returnedTags={"pattern": "", "routePartitionName": ""})["return"]["line"]))
    run("updateLine", lambda: axl.updateLine(pattern="7777", routePartitionName="PT-Zeep", description="changed")["return"])

    phone = {
        "name": "SEP0000AEEF0001",
        "description": "zeep phone",
        "product": "Cisco 8845",
        "class": "Phone",
        "protocol": "SIP",
        "protocolSide": "User",
        "devicePoolName": "DP-Zeep",
        "commonPhoneConfigName": "Standard Common Phone Profile",
        "locationName": "Hub_None",
        "useTrustedRelayPoint": "Default",
        "lines": {"line": [{"index": 1, "dirn": {"pattern": "7777", "routePartitionName": "PT-Zeep"}}]},
        "phoneTemplateName": "Standard 8845 SIP",
        "primaryPhoneName": None,
        "builtInBridgeStatus": "Default",
        "packetCaptureMode": "None",
        "certificateOperation": "No Pending Operation",
        "deviceMobilityMode": "Default",
    }
    run("addPhone", lambda: axl.addPhone(phone=phone)["return"])
    run("getPhone", lambda: axl.getPhone(name=phone["name"])["return"]["phone"]["lines"]["line"][0]["dirn"]["pattern"])
    run("listPhone", lambda: len(axl.listPhone(searchCriteria={"name": "SEP%"}, returnedTags={"name": "", "model": "", "devicePoolName": ""}, skip=0, first=100)["return"]["phone"]))
    run("updatePhone", lambda: axl.updatePhone(name=phone["name"], description="changed")["return"])

    route = {
        "pattern": "7.@",
        "routePartitionName": "PT-Zeep",
        "blockEnable": "false",
        "useCallingPartyPhoneMask": "Default",
        "dialPlanName": "NANP",
        "digitDiscardInstructionName": "PreDot",
        "networkLocation": "OnNet",
        "prefixDigitsOut": "",
        "routeFilterName": None,
        "destination": {"routeListName": "RL-PSTN"},
    }
    key = {"pattern": "7.@", "routePartitionName": "PT-Zeep", "dialPlanName": "NANP", "routeFilterName": None}
    run("addRoutePattern", lambda: axl.addRoutePattern(routePattern=route)["return"])
    run("getRoutePattern", lambda: axl.getRoutePattern(**key)["return"]["routePattern"]["destination"]["routeListName"]["_value_1"])
    run("listRoutePattern", lambda: len(axl.listRoutePattern(searchCriteria={"pattern": "%"}, returnedTags={"pattern": "", "description": ""})["return"]["routePattern"]))
    run("updateRoutePattern", lambda: axl.updateRoutePattern(**key, description="changed")["return"])

    run("resetPhone", lambda: axl.resetPhone(name=phone["name"])["return"])
    run("restartPhone", lambda: axl.restartPhone(name=phone["name"])["return"])
    run("applyPhone", lambda: axl.applyPhone(name=phone["name"])["return"])

    trans = {"pattern": "6XXX", "usage": "Translation", "routePartitionName": "PT-Zeep", "description": "zeep", "calledPartyTransformationMask": "1XXX", "callingSearchSpaceName": "CSS-Zeep"}
    run("addTransPattern", lambda: axl.addTransPattern(transPattern=trans)["return"])
    run("getTransPattern", lambda: axl.getTransPattern(pattern="6XXX", routePartitionName="PT-Zeep")["return"]["transPattern"]["calledPartyTransformationMask"])
    run("listTransPattern", lambda: len(axl.listTransPattern(searchCriteria={"pattern": "%"}, returnedTags={"pattern": "", "routePartitionName": "", "calledPartyTransformationMask": ""})["return"]["transPattern"]))
    run("updateTransPattern", lambda: axl.updateTransPattern(pattern="6XXX", routePartitionName="PT-Zeep", description="changed")["return"])
    run("removeTransPattern", lambda: axl.removeTransPattern(pattern="6XXX", routePartitionName="PT-Zeep")["return"])

    run("listSipTrunk", lambda: len(axl.listSipTrunk(searchCriteria={"name": "%"}, returnedTags={"name": "", "description": "", "devicePoolName": "", "sipProfileName": ""})["return"]["sipTrunk"]))
    run("getSipTrunk", lambda: axl.getSipTrunk(name="SIP-Trunk-PSTN")["return"]["sipTrunk"]["sipProfileName"]["_value_1"])
    run("listRouteList", lambda: len(axl.listRouteList(searchCriteria={"name": "%"}, returnedTags={"name": "", "callManagerGroupName": ""})["return"]["routeList"]))
    run("getRouteList", lambda: axl.getRouteList(name="RL-PSTN")["return"]["routeList"]["callManagerGroupName"]["_value_1"])
    run("listAppUser", lambda: len(axl.listAppUser(searchCriteria={"userid": "%"}, returnedTags={"userid": "", "isStandard": "t"})["return"]["appUser"]))
    run("getAppUser", lambda: axl.getAppUser(userid="CCMSysUser")["return"]["appUser"]["isStandard"])
    run("listProcessNode", lambda: [n["name"] for n in axl.listProcessNode(searchCriteria={"name": "%"}, returnedTags={"name": "", "nodeUsage": "", "processNodeRole": ""})["return"]["processNode"]])
    run("getProcessNode", lambda: axl.getProcessNode(name="cucm-pub")["return"]["processNode"]["nodeUsage"])
    run("listCallManagerGroup", lambda: len(axl.listCallManagerGroup(searchCriteria={"name": "%"}, returnedTags={"name": "", "tftpDefault": "t"})["return"]["callManagerGroup"]))
    run("getCallManagerGroup", lambda: len(axl.getCallManagerGroup(name="Default")["return"]["callManagerGroup"]["members"]["member"]))
    run("listLocation", lambda: len(axl.listLocation(searchCriteria={"name": "%"}, returnedTags={"name": "", "withinAudioBandwidth": ""})["return"]["location"]))
    run("getLocation", lambda: axl.getLocation(name="Hub_None")["return"]["location"]["name"])
    run("getLdapSyncStatus", lambda: axl.getLdapSyncStatus(name="LDAP-Corp")["return"])
    run("executeSQLQueryInactive", lambda: len(axl.executeSQLQueryInactive(sql="select first 2 name from device")["return"]["row"]))

    run("removeRoutePattern", lambda: axl.removeRoutePattern(**key)["return"])
    run("removePhone", lambda: axl.removePhone(name=phone["name"])["return"])
    run("removeLine", lambda: axl.removeLine(pattern="7777", routePartitionName="PT-Zeep")["return"])
    run("removeUser", lambda: axl.removeUser(userid="zeep")["return"])
    run("removeDevicePool", lambda: axl.removeDevicePool(name="DP-Zeep")["return"])
    run("removeCss", lambda: axl.removeCss(name="CSS-Zeep")["return"])
    run("removeRoutePartition", lambda: axl.removeRoutePartition(name="PT-Zeep")["return"])
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
