"""Drives the lab's RisPort70 with python3-zeep and Cisco's real RISService70.wsdl.

Usage: zeep_ris.py WSDL URL CA_FILE USERNAME PASSWORD
Prints one JSON object: pages, devices per node, total, CTI node names.
"""
import json
import sys

import requests
from requests.auth import HTTPBasicAuth
from zeep import Client
from zeep.transports import Transport


def main() -> None:
    wsdl, url, ca_file, username, password = sys.argv[1:6]
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override verify
    session.verify = ca_file
    session.auth = HTTPBasicAuth(username, password)
    client = Client(wsdl, transport=Transport(session=session))
    service = client.create_service("{http://schemas.cisco.com/ast/soap}RisBinding", url)

    criteria = {
        "MaxReturnedDevices": 1000,
        "DeviceClass": "Phone",
        "Model": 255,
        "Status": "Any",
        "NodeName": "",
        "SelectBy": "Name",
        "SelectItems": {"item": [{"Item": "SEP*"}]},
        "Protocol": "Any",
        "DownloadStatus": "Any",
    }
    state = ""
    pages = 0
    names = []
    totals = []
    per_node = {}
    while True:
        reply = service.selectCmDevice(StateInfo=state, CmSelectionCriteria=criteria)
        result = reply["SelectCmDeviceResult"]
        totals.append(result["TotalDevicesFound"])
        for node in result["CmNodes"]["item"]:
            devices = node["CmDevices"]["item"] if node["CmDevices"] else []
            per_node[node["Name"]] = per_node.get(node["Name"], 0) + len(devices)
            for device in devices:
                names.append(device["Name"])
                assert device["IPAddress"]["item"][0]["IP"], "device without IP"
                assert device["Status"] in ("Registered", "UnRegistered"), device["Status"]
        pages += 1
        state = reply["StateInfo"] or ""
        if not state or pages > 10:
            break

    cti = service.selectCtiItem(
        StateInfo="",
        CtiSelectionCriteria={
            "MaxReturnedItems": 100,
            "CtiMgrClass": "Provider",
            "Status": "Any",
            "NodeName": "",
            "SelectAppBy": "AppId",
            "AppItems": {"item": [{"AppItem": "*"}]},
            "DevNames": None,
            "DirNumbers": None,
        },
    )
    cti_result = cti["SelectCtiItemResult"]
    cti_items = []
    for node in cti_result["CtiNodes"]["item"]:
        for item in (node["CtiItems"]["item"] if node["CtiItems"] else []):
            cti_items.append({"node": node["Name"], "app": item["AppId"], "status": item["AppStatus"]})

    print(
        json.dumps(
            {
                "pages": pages,
                "devices": len(names),
                "unique": len(set(names)),
                "totals": totals,
                "perNode": per_node,
                "ctiTotal": cti_result["TotalItemsFound"],
                "cti": cti_items,
            }
        )
    )


if __name__ == "__main__":
    main()
