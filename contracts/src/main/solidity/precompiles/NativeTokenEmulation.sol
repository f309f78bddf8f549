// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {BatchForwarding} from "../peaqos/BatchForwarded.sol";

/// Implemented by the EIP-7702 delegate the devnet gives the accounts it funds.
interface INativeBalancePull {
    function peaqNativePull(address to, uint256 amount) external returns (bytes4);
}

/// Emulation of peaq's native-balance ERC-20 precompile at 0x…0809: the PEAQ an account holds as
/// native balance, seen through ERC-20. Installed with anvil_setCode (no constructor; allowances
/// live in this address's storage).
///
/// A contract cannot debit another account's native balance, so moving PEAQ asks the owner's own
/// code to send it: every account the devnet funds carries an EIP-7702 delegation to
/// NativeBalancePull, whose peaqNativePull only this address may call. An account without that
/// delegation cannot be debited (transfer/transferFrom revert, saying so).
/// Reverts are Error(string), as from a precompile. Through the batch emulation at 0x…0805 the caller
/// is the signing EOA (the batch-forwarding suffix), as on peaq where batch subcalls run as the EOA.
contract NativeTokenEmulation {
    mapping(address => mapping(address => uint256)) private _allowances;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function name() external pure returns (string memory) {
        return "peaq";
    }

    function symbol() external pure returns (string memory) {
        return "PEAQ";
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function balanceOf(address account) external view returns (uint256) {
        return account.balance;
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    function approve(address spender, uint256 value) external returns (bool) {
        address owner = BatchForwarding.sender();
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(BatchForwarding.sender(), to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        address spender = BatchForwarding.sender();
        uint256 allowed = _allowances[from][spender];
        require(allowed >= value, "trying to spend more than allowed");
        if (allowed != type(uint256).max) _allowances[from][spender] = allowed - value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(to != address(0), "transfer to the zero address");
        require(from.balance >= value, "transfer amount exceeds balance");
        if (value > 0) {
            if (from.code.length == 0) {
                revert(string.concat(
                    "account ", Strings.toHexString(from), " has no native-pull delegation, so 0x0809 cannot move its PEAQ: "
                    "on the devnet only accounts the devnet funds (dev accounts, DevnetChain.setBalance) or enables "
                    "(DevnetChain.enableNativePull) can pay through the PEAQ token"
                ));
            }
            bytes4 answer;
            try INativeBalancePull(from).peaqNativePull(to, value) returns (bytes4 a) {
                answer = a;
            } catch {
                revert("native pull failed: the sender's delegate refused or the recipient rejected PEAQ");
            }
            require(answer == INativeBalancePull.peaqNativePull.selector, "the sender's code is not the native-pull delegate");
        }
        emit Transfer(from, to, value);
    }
}
